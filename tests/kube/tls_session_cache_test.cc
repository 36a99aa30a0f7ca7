#include "kube/tls_session_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace kexit::kube {
namespace {

// A session told apart from others by the name it records.
TlsSessionPointer session_named(const std::string& name) {
  TlsSessionPointer session(SSL_SESSION_new());
  EXPECT_EQ(SSL_SESSION_set1_hostname(session.get(), name.c_str()), 1);
  return session;
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
  TlsSessionPointer found = cache.find("scope");
  EXPECT_EQ(name_of(found), "newer");
  EXPECT_NE(found.get(), newer.get());  // a copy no other connection holds
  EXPECT_EQ(name_of(cache.find("other scope")), "(none)");
  EXPECT_EQ(cache.size(), 1u);
}

TEST(TlsSessionCache, DropsTheLeastRecentlyKeptScopeBeyondItsBound) {
  TlsSessionCache cache(2);
  cache.keep("a", session_named("a1").get());
  cache.keep("b", session_named("b1").get());
  cache.keep("a", session_named("a2").get());
  cache.keep("c", session_named("c1").get());
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(name_of(cache.find("a")), "a2");
  EXPECT_EQ(name_of(cache.find("b")), "(none)");
  EXPECT_EQ(name_of(cache.find("c")), "c1");
}

}  // namespace
}  // namespace kexit::kube
