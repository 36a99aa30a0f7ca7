#include "kube/tls_resumption.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

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

// A connection made by hand, so a test can hold it between its handshake and its first read,
// where TLS 1.3 tickets arrive: a transport does both in one call.
class HeldConnection {
 public:
  HeldConnection(SSL_CTX* context, const ServerAddress& server) : ssl_(SSL_new(context)) {
    BIO* socket = BIO_new_connect(server.host_and_port().c_str());
    SSL_set_bio(ssl_, socket, socket);  // the SSL owns it now
    SSL_set1_host(ssl_, server.host.c_str());
    connected_ = SSL_connect(ssl_) == 1;
  }
  ~HeldConnection() { SSL_free(ssl_); }
  HeldConnection(const HeldConnection&) = delete;
  HeldConnection& operator=(const HeldConnection&) = delete;

  bool connected() const { return connected_; }
  bool resumed() const { return SSL_session_reused(ssl_) == 1; }
  // The ticket offered (and accepted) in the handshake; empty on a full handshake.
  std::string ticket() const {
    const unsigned char* bytes = nullptr;
    std::size_t length = 0;
    SSL_SESSION_get0_ticket(SSL_get_session(ssl_), &bytes, &length);
    return resumed() ? std::string(reinterpret_cast<const char*>(bytes), length) : "";
  }
  // Asks for /version and reads the start of the answer, and with it the server's tickets.
  bool read_answer() {
    const std::string request = "GET /version HTTP/1.1\r\nHost: kubesim\r\n\r\n";
    char answer[64];
    return SSL_write(ssl_, request.data(), static_cast<int>(request.size())) > 0 &&
           SSL_read(ssl_, answer, sizeof answer) > 0;
  }

 private:
  SSL* ssl_;
  bool connected_ = false;
};

class ConcurrentTicketsTest : public TlsResumptionTest {
 protected:
  void SetUp() override {
    TlsResumptionTest::SetUp();
    const ClientConfig config = admin_config();
    server_address_ = config.server;
    resumption_.cache = &cache_;
    resumption_.scope.host = config.server.host;
    resumption_.scope.port = config.server.port;
    resumption_.scope.server_name = config.server.host;
    resumption_.scope.ca_pem = config.tls.ca_pem;
    resumption_.key = tls_session_scope_key(resumption_.scope);
    context_ = SSL_CTX_new(TLS_client_method());
    BIO* pem =
        BIO_new_mem_buf(config.tls.ca_pem.data(), static_cast<int>(config.tls.ca_pem.size()));
    X509* authority = PEM_read_bio_X509(pem, nullptr, nullptr, nullptr);
    X509_STORE_add_cert(SSL_CTX_get_cert_store(context_), authority);
    X509_free(authority);
    BIO_free(pem);
    SSL_CTX_set_verify(context_, SSL_VERIFY_PEER, nullptr);
    enable_session_resumption(context_, resumption_);
  }
  void TearDown() override { SSL_CTX_free(context_); }

  std::unique_ptr<HeldConnection> connect() {
    auto connection = std::make_unique<HeldConnection>(context_, server_address_);
    EXPECT_TRUE(connection->connected());
    return connection;
  }

  ServerAddress server_address_;
  TlsSessionCache cache_;
  TlsResumption resumption_;
  SSL_CTX* context_ = nullptr;
};

// RFC 8446, C.4: a ticket offered on two connections lets an observer link them. OpenSSL's
// server (kubesim's) sends two tickets per full handshake, so the first connections made
// while none has read an answer resume with a ticket each, and the next makes a full one.
TEST_F(ConcurrentTicketsTest, ConnectionsMadeAtOnceNeverOfferTheSameTicket) {
  auto first = connect();
  ASSERT_TRUE(first->read_answer());
  ASSERT_FALSE(first->resumed());
  std::vector<std::unique_ptr<HeldConnection>> held;
  std::set<std::string> tickets;
  while (held.size() <= TlsSessionCache::kTicketsPerScope) {
    held.push_back(connect());
    if (!held.back()->resumed()) {
      break;
    }
    EXPECT_TRUE(tickets.insert(held.back()->ticket()).second) << "a ticket offered twice";
  }
  EXPECT_FALSE(held.back()->resumed()) << "every ticket was used, and still resumed";
  EXPECT_GE(tickets.size(), 1u);
  EXPECT_EQ(cache_.size(), 0u);

  // The new-session callback refills the cache from a held connection's answer.
  ASSERT_TRUE(held.front()->read_answer());
  EXPECT_EQ(cache_.size(), 1u);
  auto later = connect();
  EXPECT_TRUE(later->resumed());
  EXPECT_EQ(tickets.count(later->ticket()), 0u);
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
