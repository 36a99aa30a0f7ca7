#include "kube/tls_resumption.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "kube/http_transport.h"
#include "kube/tls_session_cache.h"
#include "kubesim/certificate_authority.h"
#include "testing/kubesim_fixture.h"

namespace kexit::kube {
namespace {

// Against kubesim over TLS: OpenSSL's server, which sends its TLS 1.3 tickets after the
// handshake, as kube-apiserver's Go server does. Every transport resumes through the
// process's cache, so transports stand for separate clients of one process.
class TlsResumptionTest : public testing_support::KubesimFixture {
 protected:
  ClientConfig admin_config() {
    auto config = load_config(server_->kubeconfig(server_->admin_token()));
    return config ? *config : ClientConfig{};
  }

  // A transport whose every request makes a new connection: none is kept idle.
  std::unique_ptr<HttpTransport> fresh_connections(const ClientConfig& config) {
    TransportOptions options;
    options.clock = &clock_;
    options.exec = ExecRunOptions{};
    options.max_idle_connections = 0;
    options.warn = [](const std::string&) {};
    return std::make_unique<HttpTransport>(config, options);
  }

  static HttpRequest version_request() {
    HttpRequest request;
    request.target = "/version";
    return request;
  }

  static void send_times(HttpTransport& transport, int times) {
    for (int i = 0; i < times; ++i) {
      auto response = transport.send(version_request());
      ASSERT_TRUE(response) << response.error().message;
      EXPECT_EQ(response->status, 200);
    }
  }

  // The handshakes made since the last call (or since the test began).
  void expect_handshakes(std::uint64_t full, std::uint64_t resumed) {
    const TlsHandshakes now = process_tls_handshakes().counts();
    EXPECT_EQ(now.full - seen_.full, full);
    EXPECT_EQ(now.resumed - seen_.resumed, resumed);
    seen_ = now;
  }

  TlsHandshakes seen_ = process_tls_handshakes().counts();
};

TEST_F(TlsResumptionTest, LaterConnectionsResumeTheFirstHandshakesSession) {
  auto transport = fresh_connections(admin_config());
  send_times(*transport, 3);
  expect_handshakes(1, 2);
}

// inspect's shape: the log is read while the Events are, so a second connection is made
// while the first is still busy; it resumes the session the first one's answer brought.
TEST_F(TlsResumptionTest, AConnectionMadeWhileAnotherIsBusyResumes) {
  put(pod("shop", "api-1", {{"app", "api"}}, nullptr, Slot::kRunning));
  TransportOptions options;
  options.clock = &clock_;
  options.exec = ExecRunOptions{};
  HttpTransport transport(admin_config(), options);
  send_times(transport, 1);
  expect_handshakes(1, 0);

  HttpRequest watch;
  watch.target = "/api/v1/namespaces/shop/pods?watch=true";
  watch.read_timeout = std::chrono::seconds(10);
  int during_watch = 0;
  watch.on_body = [&](std::string_view) {
    auto response = transport.send(version_request());  // the watch holds the first connection
    EXPECT_TRUE(response && response->status == 200);
    ++during_watch;
    return false;
  };
  auto watched = transport.send(watch);
  ASSERT_TRUE(watched) << watched.error().message;
  EXPECT_EQ(during_watch, 1);
  expect_handshakes(0, 1);
}

TEST_F(TlsResumptionTest, AnotherCaServerNameOrVerificationDoesNotTakeTheSession) {
  const ClientConfig config = admin_config();
  auto first = fresh_connections(config);
  send_times(*first, 1);
  expect_handshakes(1, 0);

  auto other = kubesim::CertificateAuthority::create("other-ca");
  ASSERT_TRUE(other);
  ClientConfig more_authorities = config;  // still verifies kubesim, but trusts more
  more_authorities.tls.ca_pem += "\n" + other->certificate_pem();
  ClientConfig renamed = config;
  renamed.tls.server_name = "kubernetes";  // a name kubesim's certificate lists
  ClientConfig insecure = config;
  insecure.tls.insecure = true;
  for (const ClientConfig* changed : {&more_authorities, &renamed, &insecure}) {
    SCOPED_TRACE(changed == &renamed    ? "tls-server-name"
                 : changed == &insecure ? "insecure-skip-tls-verify"
                                        : "certificate-authority");
    auto transport = fresh_connections(*changed);
    send_times(*transport, 2);
    expect_handshakes(1, 1);  // a full one, and its second connection resumes its own
  }
  send_times(*first, 1);
  expect_handshakes(0, 1);
}

TEST_F(TlsResumptionTest, AnotherClientCertificateDoesNotTakeTheSession) {
  ClientConfig alice = admin_config();
  alice.auth = AuthSettings{};
  auto alice_certificate = server_->certificate_authority()->issue_client("alice", {});
  auto bob_certificate = server_->certificate_authority()->issue_client("bob", {});
  ASSERT_TRUE(alice_certificate && bob_certificate);
  alice.auth.client_certificate_pem = alice_certificate->certificate_pem;
  alice.auth.client_key_pem = alice_certificate->key_pem;
  ClientConfig bob = alice;
  bob.auth.client_certificate_pem = bob_certificate->certificate_pem;
  bob.auth.client_key_pem = bob_certificate->key_pem;
  auto as_alice = fresh_connections(alice);
  HttpRequest pods;
  pods.target = "/api/v1/namespaces/default/pods";
  for (int i = 0; i < 2; ++i) {
    auto response = as_alice->send(pods);
    ASSERT_TRUE(response) << response.error().message;
    // Known on the resumed connection too: the session carries the client certificate.
    EXPECT_EQ(response->status, 403);
    EXPECT_NE(response->body.find(R"(User \"alice\" cannot list)"), std::string::npos)
        << response->body;
  }
  expect_handshakes(1, 1);
  auto as_bob = fresh_connections(bob);
  send_times(*as_bob, 1);
  expect_handshakes(1, 0);
}

TEST(TlsSessionScopeKey, KeepsFieldsApartWhereTheirTextRunsTogether) {
  TlsSessionScope one;
  one.host = "ab";
  one.server_name = "c";
  TlsSessionScope two = one;
  two.host = "a";
  two.server_name = "bc";
  EXPECT_NE(tls_session_scope_key(one), tls_session_scope_key(two));
  TlsSessionScope insecure = one;
  insecure.verify = false;
  EXPECT_NE(tls_session_scope_key(one), tls_session_scope_key(insecure));
  EXPECT_EQ(tls_session_scope_key(one), tls_session_scope_key(TlsSessionScope(one)));
}

}  // namespace
}  // namespace kexit::kube
