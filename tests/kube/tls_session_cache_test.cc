#include "kube/tls_session_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace kexit::kube {
namespace {

// A session told apart from others by the name it records.
TlsSessionPointer session_named(const std::string& name, int version = TLS1_2_VERSION) {
  TlsSessionPointer session(SSL_SESSION_new());
  EXPECT_EQ(SSL_SESSION_set1_hostname(session.get(), name.c_str()), 1);
  EXPECT_EQ(SSL_SESSION_set_protocol_version(session.get(), version), 1);
  return session;
}

TlsSessionPointer ticket_named(const std::string& name) {
  return session_named(name, TLS1_3_VERSION);
}

std::string name_of(const TlsSessionPointer& session) {
  const char* name = session ? SSL_SESSION_get0_hostname(session.get()) : nullptr;
  return name == nullptr ? "(none)" : name;
}

TEST(TlsSessionCache, FindsACopyOfTheNewestSessionOfAScope) {
  TlsSessionCache cache;
  TlsSessionPointer older = session_named("older");
  TlsSessionPointer newer = session_named("newer");
  cache.keep("scope", older.get());
  cache.keep("scope", newer.get());
  TlsSessionPointer found = cache.take("scope");
  EXPECT_EQ(name_of(found), "newer");
  EXPECT_NE(found.get(), newer.get());               // a copy no other connection holds
  EXPECT_EQ(name_of(cache.take("scope")), "newer");  // TLS 1.2 allows its reuse
  EXPECT_EQ(name_of(cache.take("other scope")), "(none)");
  EXPECT_EQ(cache.size(), 1u);
}

TEST(TlsSessionCache, DropsTheLeastRecentlyKeptScopeBeyondItsBound) {
  TlsSessionCache cache(2);
  cache.keep("a", session_named("a1").get());
  cache.keep("b", session_named("b1").get());
  cache.keep("a", session_named("a2").get());
  cache.keep("c", session_named("c1").get());
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(name_of(cache.take("a")), "a2");
  EXPECT_EQ(name_of(cache.take("b")), "(none)");
  EXPECT_EQ(name_of(cache.take("c")), "c1");
}

TEST(TlsSessionCache, HandsEachTls13TicketOutOnceNewestFirst) {
  TlsSessionCache cache;
  cache.keep("scope", ticket_named("first").get());
  cache.keep("scope", ticket_named("second").get());
  EXPECT_EQ(name_of(cache.take("scope")), "second");
  EXPECT_EQ(name_of(cache.take("scope")), "first");
  EXPECT_EQ(name_of(cache.take("scope")), "(none)");
  EXPECT_EQ(cache.size(), 0u);
}

TEST(TlsSessionCache, KeepsTheNewestTicketsOfAScopeUpToItsBound) {
  TlsSessionCache cache;
  for (std::size_t i = 0; i <= TlsSessionCache::kTicketsPerScope; ++i) {
    cache.keep("scope", ticket_named("t" + std::to_string(i)).get());
  }
  for (std::size_t i = TlsSessionCache::kTicketsPerScope; i > 0; --i) {
    EXPECT_EQ(name_of(cache.take("scope")), "t" + std::to_string(i));
  }
  EXPECT_EQ(name_of(cache.take("scope")), "(none)");
}

TEST(TlsSessionCache, ASessionOfTheOtherVersionReplacesTheScopes) {
  TlsSessionCache cache;
  cache.keep("scope", ticket_named("ticket").get());
  cache.keep("scope", session_named("tls12").get());
  EXPECT_EQ(name_of(cache.take("scope")), "tls12");
  cache.keep("scope", ticket_named("newer ticket").get());
  EXPECT_EQ(name_of(cache.take("scope")), "newer ticket");
  EXPECT_EQ(name_of(cache.take("scope")), "(none)");
}

}  // namespace
}  // namespace kexit::kube
