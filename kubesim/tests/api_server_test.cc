#include "kubesim/api_server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/pem.h>

#include <atomic>
#include <future>
#include <thread>

#include "kubesim/base64.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

X509_STORE* store_with(const std::string& ca_pem) {
  X509_STORE* store = X509_STORE_new();
  BIO* bio = BIO_new_mem_buf(ca_pem.data(), static_cast<int>(ca_pem.size()));
  X509* certificate = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  X509_STORE_add_cert(store, certificate);
  X509_free(certificate);
  BIO_free(bio);
  return store;
}

class ApiServerTest : public ::testing::Test {
 protected:
  ApiServerTest() : cluster_(clock_), server_(cluster_, options()) {}

  static ServerOptions options() {
    ServerOptions options;
    options.threads = 16;
    options.handler.watch.poll_interval = 20ms;
    return options;
  }

  void SetUp() override { ASSERT_TRUE(server_.start().ok()); }

  std::unique_ptr<httplib::SSLClient> client(X509* certificate = nullptr, EVP_PKEY* key = nullptr) {
    auto client = certificate ? std::make_unique<httplib::SSLClient>("127.0.0.1", server_.port(),
                                                                     certificate, key)
                              : std::make_unique<httplib::SSLClient>("127.0.0.1", server_.port());
    client->set_ca_cert_store(store_with(server_.ca_pem()));
    client->enable_server_certificate_verification(true);
    client->set_read_timeout(10, 0);
    return client;
  }

  httplib::Headers bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
  }

  SystemClock clock_;
  Cluster cluster_;
  ApiServer server_;
};

TEST_F(ApiServerTest, ServesVerifiedTlsWithBearerTokens) {
  auto https = client();
  auto version = https->Get("/version", bearer(server_.admin_token()));
  ASSERT_TRUE(version) << httplib::to_string(version.error());
  EXPECT_EQ(version->status, 200);
  EXPECT_EQ(json::parse(version->body)["gitVersion"], "v1.32.4");
  auto anonymous = https->Get("/api/v1/pods");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(server_.url(), "https://127.0.0.1:" + std::to_string(server_.port()));
}

TEST_F(ApiServerTest, ClientCertificatesAuthenticateAsCommonName) {
  auto issued = server_.certificate_authority()->issue_client("carol", {"team-a"});
  ASSERT_TRUE(issued.ok());
  auto https = client(issued->certificate.get(), issued->key.get());
  auto forbidden = https->Get("/api/v1/namespaces/default/pods");
  ASSERT_TRUE(forbidden) << httplib::to_string(forbidden.error());
  EXPECT_EQ(forbidden->status, 403);
  EXPECT_EQ(json::parse(forbidden->body)["message"],
            "pods is forbidden: User \"carol\" cannot list resource \"pods\" in API group \"\" in "
            "the namespace \"default\"");
  cluster_.access().allow("carol", {{"list"}, {""}, {"pods"}, {}, {}});
  auto allowed = https->Get("/api/v1/namespaces/default/pods");
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 200);
}

// While handshake faults are on, new connections fail their TLS handshake (refused with an
// alert, or answered with plain text); each is counted, and the next connection succeeds.
TEST_F(ApiServerTest, HandshakeFaultsFailTheNextHandshakesThenServeAgain) {
  for (auto fault : {HandshakeFault::kRefuse, HandshakeFault::kGarble}) {
    std::size_t before = cluster_.faults().handshakes_failed();
    cluster_.faults().fail_handshakes(fault, 2);
    for (int attempt = 0; attempt < 2; ++attempt) {
      auto failed = client()->Get("/version", bearer(server_.admin_token()));
      ASSERT_FALSE(failed);
      EXPECT_EQ(failed.error(), httplib::Error::SSLConnection);
    }
    EXPECT_EQ(cluster_.faults().handshakes_failed(), before + 2);
    auto served = client()->Get("/version", bearer(server_.admin_token()));
    ASSERT_TRUE(served) << httplib::to_string(served.error());
    EXPECT_EQ(served->status, 200);
  }
  EXPECT_EQ(cluster_.faults().handshakes_failed(), 4u);
}

TEST_F(ApiServerTest, KubeconfigCarriesServerCaAndToken) {
  std::string kubeconfig = server_.kubeconfig(server_.admin_token());
  EXPECT_NE(kubeconfig.find("server: " + server_.url()), std::string::npos);
  EXPECT_NE(kubeconfig.find("certificate-authority-data: " + base64_encode(server_.ca_pem())),
            std::string::npos);
  EXPECT_NE(kubeconfig.find("token: " + server_.admin_token()), std::string::npos);
  auto with_certificate = server_.client_certificate_kubeconfig({"dave", {}});
  ASSERT_TRUE(with_certificate.ok());
  EXPECT_NE(with_certificate->find("client-certificate-data: "), std::string::npos);
  EXPECT_NE(with_certificate->find("client-key-data: "), std::string::npos);
}

TEST_F(ApiServerTest, WatchStreamsChunkedEventsAndDropsOnDemand) {
  std::atomic<int> events{0};
  std::string received;
  std::mutex mutex;
  auto watcher = std::async(std::launch::async, [&] {
    auto https = client();
    https->set_read_timeout(30, 0);
    return https->Get("/api/v1/namespaces/default/pods?watch=true", bearer(server_.admin_token()),
                      [&](const char* data, size_t length) {
                        std::lock_guard lock(mutex);
                        received.append(data, length);
                        events =
                            static_cast<int>(std::count(received.begin(), received.end(), '\n'));
                        return true;
                      });
  });
  ASSERT_TRUE(server_.watches().wait_for_open_watches(1, 10s));
  json pod = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", "w"}, {"namespace", "default"}}},
              {"spec", {{"containers", {{{"name", "c"}, {"image", "i"}}}}}}};
  ASSERT_TRUE(cluster_.put(pod).ok());
  for (int i = 0; i < 500 && events.load() < 1; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  {
    std::lock_guard lock(mutex);
    ASSERT_EQ(events.load(), 1) << received;
    json event = json::parse(received.substr(0, received.find('\n')));
    EXPECT_EQ(event["type"], "ADDED");
    EXPECT_EQ(event["object"]["metadata"]["name"], "w");
  }
  cluster_.faults().drop_watches();
  auto result = watcher.get();
  // Dropped mid-stream: no terminating chunk, so the client sees a broken body.
  EXPECT_FALSE(result);
  EXPECT_EQ(server_.watches().open_watches(), 0u);
}

TEST_F(ApiServerTest, WatchTimeoutEndsTheBodyCleanly) {
  auto https = client();
  auto start = std::chrono::steady_clock::now();
  auto response = https->Get("/api/v1/namespaces/default/pods?watch=true&timeoutSeconds=1",
                             bearer(server_.admin_token()));
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(response->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
}

TEST_F(ApiServerTest, StopEndsOpenWatchesPromptly) {
  auto watcher = std::async(std::launch::async, [&] {
    auto https = client();
    return https->Get("/api/v1/pods?watch=true", bearer(server_.admin_token()));
  });
  ASSERT_TRUE(server_.watches().wait_for_open_watches(1, 10s));
  auto start = std::chrono::steady_clock::now();
  server_.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  watcher.get();
}

TEST(ApiServerPlain, ServesPlainHttpOnPortZero) {
  SystemClock clock;
  Cluster cluster(clock);
  ServerOptions options;
  options.tls = false;
  options.threads = 8;
  ApiServer server(cluster, options);
  ASSERT_TRUE(server.start().ok());
  EXPECT_GT(server.port(), 0);
  EXPECT_TRUE(server.ca_pem().empty());
  httplib::Client http("127.0.0.1", server.port());
  auto namespaces =
      http.Get("/api/v1/namespaces", {{"Authorization", "Bearer " + server.admin_token()}});
  ASSERT_TRUE(namespaces);
  EXPECT_EQ(json::parse(namespaces->body)["items"].size(), 4u);
  EXPECT_FALSE(server.client_certificate_kubeconfig({"x", {}}).ok());
}

}  // namespace
}  // namespace kexit::kubesim
