#include "kube/http_transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "kubesim/api_server.h"
#include "kubesim/certificate_authority.h"
#include "kubesim/cluster.h"
#include "test_http_server.h"
#include "testing/eventually.h"
#include "testing/fake_clock.h"
#include "testing/temp_directory.h"

namespace kexit::kube {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

ClientConfig config_for(const std::string& url) {
  ClientConfig config;
  config.server = *parse_server_address(url);
  config.namespace_name = "default";
  return config;
}

TransportOptions options_with(FakeClock& clock) {
  TransportOptions options;
  options.clock = &clock;
  options.retry.max_attempts = 4;
  options.jitter_seed = 7;
  options.connect_timeout = seconds(5);
  options.exec = ExecRunOptions{};
  return options;
}

HttpRequest get(const std::string& target) {
  HttpRequest request;
  request.target = target;
  request.read_timeout = seconds(10);
  return request;
}

TEST(HttpTransport, SendsTheTokenAndHeaders) {
  TestHttpServer server;
  server.server().Get("/api/v1/pods", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("{}", "application/json");
  });
  server.start();
  ClientConfig config = config_for(server.url());
  config.auth.token = "secret";
  config.auth.impersonate = "bob";
  config.auth.impersonate_groups = {"a", "b"};
  FakeClock clock;
  HttpTransport transport(config, options_with(clock));
  auto response = transport.send(get("/api/v1/pods?limit=500"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "{}");
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/api/v1/pods?limit=500");
  EXPECT_EQ(requests[0].header("Authorization"), "Bearer secret");
  EXPECT_EQ(requests[0].header("Accept"), "application/json");
  EXPECT_EQ(requests[0].header("Impersonate-User"), "bob");
  EXPECT_EQ(requests[0].headers.count("Impersonate-Group"), 2u);
  EXPECT_EQ(requests[0].header("User-Agent").rfind("kexit/", 0), 0u);
}

TEST(HttpTransport, SendsBasicAuthAndKeepsThePathPrefix) {
  TestHttpServer server;
  server.server().Get("/prefix/api", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("{}", "application/json");
  });
  server.start();
  ClientConfig config = config_for(server.url() + "/prefix");
  config.auth.username = "alice";
  config.auth.password = "s3cr3t";
  FakeClock clock;
  HttpTransport transport(config, options_with(clock));
  auto response = transport.send(get("/api"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(server.requests().at(0).header("Authorization"), "Basic YWxpY2U6czNjcjN0");
}

// What an attempt observer saw, as "METHOD TARGET STATUS".
class AttemptLog {
 public:
  AttemptObserver observer() {
    return [this](const HttpAttempt& attempt) {
      std::lock_guard lock(mutex_);
      lines_.push_back(std::string(attempt.method) + " " + std::string(attempt.target) + " " +
                       std::to_string(attempt.status));
    };
  }
  std::vector<std::string> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

TEST(HttpTransport, RetriesServerErrorsWithBackoff) {
  TestHttpServer server;
  std::atomic<int> calls{0};
  server.server().Get("/x", [&](const httplib::Request&, httplib::Response& response) {
    if (++calls < 3) {
      response.status = 503;
      response.set_content(R"({"kind":"Status","code":503,"message":"etcd"})", "application/json");
      return;
    }
    response.set_content("ok", "text/plain");
  });
  server.start();
  FakeClock clock;
  HttpTransport transport(config_for(server.url()), options_with(clock));
  AttemptLog log;
  transport.observe_attempts(log.observer());
  auto response = transport.send(get("/x"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->attempts, 3);
  EXPECT_EQ(calls.load(), 3);
  // The observer sees every attempt with its own status, not only the last.
  EXPECT_EQ(log.lines(), (std::vector<std::string>{"GET /x 503", "GET /x 503", "GET /x 200"}));
  // 250 ms then 500 ms, each stretched by at most half.
  EXPECT_GE(clock.slept(), milliseconds(750));
  EXPECT_LT(clock.slept(), milliseconds(1125));
}

TEST(HttpTransport, HonoursRetryAfterOnTooManyRequests) {
  TestHttpServer server;
  std::atomic<int> calls{0};
  server.server().Post("/x", [&](const httplib::Request&, httplib::Response& response) {
    if (++calls == 1) {
      response.status = 429;
      response.set_header("Retry-After", "2");
      response.set_content("Too many requests, please try again later.\n",
                           "text/plain; charset=utf-8");
      return;
    }
    response.status = 201;
    response.set_content("{}", "application/json");
  });
  server.start();
  FakeClock clock;
  HttpTransport transport(config_for(server.url()), options_with(clock));
  HttpRequest request;
  request.method = "POST";
  request.target = "/x";
  request.body = "{}";
  request.content_type = "application/json";
  auto response = transport.send(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(clock.slept(), milliseconds(2000));
}

TEST(HttpTransport, GivesUpAfterMaxAttemptsAndReturnsTheLastAnswer) {
  TestHttpServer server;
  std::atomic<int> calls{0};
  server.server().Get("/x", [&](const httplib::Request&, httplib::Response& response) {
    ++calls;
    response.status = 429;
    response.set_header("Retry-After", "1");
    response.set_content("Too many requests, please try again later.", "text/plain");
  });
  server.start();
  FakeClock clock;
  HttpTransport transport(config_for(server.url()), options_with(clock));
  auto response = transport.send(get("/x"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 429);
  EXPECT_EQ(response->attempts, 4);
  EXPECT_EQ(calls.load(), 4);
  EXPECT_EQ(response->retry_after, seconds(1));
  EXPECT_EQ(clock.slept(), milliseconds(3000));
}

TEST(HttpTransport, DoesNotRepeatWritesTheServerMayHaveApplied) {
  TestHttpServer server;
  std::atomic<int> calls{0};
  server.server().Put("/x", [&](const httplib::Request&, httplib::Response& response) {
    ++calls;
    response.status = 500;
  });
  server.start();
  FakeClock clock;
  HttpTransport transport(config_for(server.url()), options_with(clock));
  HttpRequest request;
  request.method = "PUT";
  request.target = "/x";
  request.body = "{}";
  auto response = transport.send(request);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(calls.load(), 1);
}

// A raw HTTP/1.1 server that answers every request 201 with keep-alive, except that it hangs
// up on the second request of its first connection without answering: the keep-alive race
// where the server closed an idle connection as the client reused it.
class HangUpServer {
 public:
  HangUpServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 8);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~HangUpServer() {
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }
  int port() const { return port_; }
  int answered() const { return answered_; }

 private:
  // Reads one request (headers and Content-Length body); false when the peer closed.
  static bool read_request(int connection) {
    std::string data;
    char buffer[1024];
    while (data.find("\r\n\r\n") == std::string::npos) {
      ssize_t count = ::recv(connection, buffer, sizeof buffer, 0);
      if (count <= 0) {
        return false;
      }
      data.append(buffer, static_cast<std::size_t>(count));
    }
    std::size_t header_end = data.find("\r\n\r\n") + 4;
    std::size_t length = 0;
    auto at = data.find("Content-Length: ");
    if (at != std::string::npos) {
      length = std::stoul(data.substr(at + 16));
    }
    while (data.size() < header_end + length) {
      ssize_t count = ::recv(connection, buffer, sizeof buffer, 0);
      if (count <= 0) {
        return false;
      }
      data.append(buffer, static_cast<std::size_t>(count));
    }
    return true;
  }

  void serve() {
    for (int connections = 0;; ++connections) {
      int connection = ::accept(listener_, nullptr, nullptr);
      if (connection < 0) {
        return;
      }
      for (int requests = 0; read_request(connection); ++requests) {
        if (connections == 0 && requests == 1) {
          break;  // hang up without answering
        }
        static const std::string kAnswer =
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: "
            "2\r\nConnection: keep-alive\r\n\r\n{}";
        // Counted before the answer goes out: the client may read it and the test ask
        // answered() before this thread runs again.
        ++answered_;
        ::send(connection, kAnswer.data(), kAnswer.size(), MSG_NOSIGNAL);
      }
      ::close(connection);
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<int> answered_{0};
  std::thread thread_;
};

TEST(HttpTransport, SendsWritesAgainWhenAKeptAliveConnectionDied) {
  HangUpServer server;
  FakeClock clock;
  HttpTransport transport(config_for("http://127.0.0.1:" + std::to_string(server.port())),
                          options_with(clock));
  HttpRequest request;
  request.method = "POST";
  request.target = "/x";
  request.body = "{}";
  request.content_type = "application/json";
  auto first = transport.send(request);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->status, 201);
  auto second = transport.send(request);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->status, 201);
  EXPECT_EQ(second->attempts, 1);
  EXPECT_EQ(server.answered(), 2);
}

TEST(HttpTransport, ReportsARefusedConnectionAfterRetrying) {
  int port = 0;
  {
    TestHttpServer closed;
    closed.start();
    port = closed.port();
  }
  FakeClock clock;
  std::string url = "http://127.0.0.1:" + std::to_string(port);
  HttpTransport transport(config_for(url), options_with(clock));
  AttemptLog log;
  transport.observe_attempts(log.observer());
  auto response = transport.send(get("/api"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().message,
            "cannot connect to the API server at " + url +
                "; check that the cluster is up and the server URL in the kubeconfig (4 "
                "attempts)");
  // Each attempt is observed, with status 0 for no answer.
  EXPECT_EQ(log.lines(), std::vector<std::string>(4, "GET /api 0"));
  // Three waits: 250, 500 and 1000 ms, each stretched by at most half.
  EXPECT_GE(clock.slept(), milliseconds(1750));
  EXPECT_LT(clock.slept(), milliseconds(2625));
}

TEST(HttpTransport, RereadsARotatedTokenFileAfter401) {
  TempDirectory directory;
  std::string token_file = directory.write("token", "old");
  TestHttpServer server;
  server.server().Get("/x", [&](const httplib::Request& request, httplib::Response& response) {
    if (request.get_header_value("Authorization") != "Bearer new") {
      response.status = 401;
      response.set_content(R"({"kind":"Status","code":401,"message":"Unauthorized"})",
                           "application/json");
      return;
    }
    response.set_content("ok", "text/plain");
  });
  server.start();
  ClientConfig config = config_for(server.url());
  config.auth.token_file = token_file;
  FakeClock clock;
  HttpTransport transport(config, options_with(clock));
  AttemptLog log;
  transport.observe_attempts(log.observer());
  auto first = transport.send(get("/x"));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 401);  // the file still holds the old token after one re-read
  directory.write("token", "new");
  auto second = transport.send(get("/x"));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->status, 200);
  // Each resend after a 401 is an attempt of its own: the first send's pair, then the second
  // send's cached old token and the resend with the re-read new one.
  EXPECT_EQ(log.lines(),
            (std::vector<std::string>{"GET /x 401", "GET /x 401", "GET /x 401", "GET /x 200"}));
}

TEST(HttpTransport, StreamsBodiesAndStopsWhenAsked) {
  TestHttpServer server;
  server.server().Get("/stream", [](const httplib::Request&, httplib::Response& response) {
    response.set_chunked_content_provider("application/json",
                                          [](std::size_t, httplib::DataSink& sink) {
                                            for (int i = 0; i < 5; ++i) {
                                              sink.write("chunk;", 6);
                                            }
                                            sink.done();
                                            return true;
                                          });
  });
  server.start();
  FakeClock clock;
  HttpTransport transport(config_for(server.url()), options_with(clock));
  std::string received;
  HttpRequest request = get("/stream");
  request.on_body = [&](std::string_view bytes) {
    received.append(bytes);
    return true;
  };
  auto whole = transport.send(request);
  ASSERT_TRUE(whole) << whole.error().message;
  EXPECT_EQ(received, "chunk;chunk;chunk;chunk;chunk;");
  EXPECT_TRUE(whole->body.empty());
  EXPECT_FALSE(whole->stopped);

  request.on_body = [](std::string_view) { return false; };
  auto stopped = transport.send(request);
  ASSERT_TRUE(stopped) << stopped.error().message;
  EXPECT_TRUE(stopped->stopped);
}

TEST(HttpTransport, SaysAServerClosedAStreamAfterHowLongNotThatItWasSilent) {
  FakeClock clock;
  TestHttpServer server;
  // One chunk, 7 s on the injected clock, then the connection closed without the last chunk:
  // what an API server that drops a watch does.
  server.server().Get("/watch", [&](const httplib::Request&, httplib::Response& response) {
    response.set_chunked_content_provider("application/json",
                                          [&](std::size_t, httplib::DataSink& sink) {
                                            sink.write("{", 1);
                                            clock.advance(seconds(7));
                                            return false;
                                          });
  });
  server.start();
  HttpTransport transport(config_for(server.url()), options_with(clock));
  HttpRequest request = get("/watch");
  request.read_timeout = seconds(466);
  std::string received;
  request.on_body = [&](std::string_view bytes) {
    received.append(bytes);
    return true;
  };
  auto response = transport.send(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(received, "{");
  EXPECT_EQ(response->interruption, "the connection to the API server at " + server.url() +
                                        " was closed by the server after 7 s while reading the "
                                        "answer; try again");
}

TEST(HttpTransport, CancelsAnIdleStreamFromAnotherThread) {
  // Before the server: its thread still reads the flag while the server shuts down (ASan).
  std::atomic<bool> finish{false};
  TestHttpServer server;
  server.server().Get("/watch", [&](const httplib::Request&, httplib::Response& response) {
    response.set_chunked_content_provider("application/json",
                                          [&](std::size_t, httplib::DataSink& sink) {
                                            sink.write("{", 1);
                                            while (!finish && sink.is_writable()) {
                                              std::this_thread::sleep_for(milliseconds(10));
                                            }
                                            sink.done();
                                            return true;
                                          });
  });
  server.start();
  FakeClock clock;
  HttpTransport transport(config_for(server.url()), options_with(clock));
  Cancellation cancellation;
  std::atomic<bool> streaming{false};
  HttpRequest request = get("/watch");
  request.read_timeout = seconds(60);
  request.on_body = [&](std::string_view) {
    streaming = true;
    return true;
  };
  std::thread canceller([&] {
    EXPECT_TRUE(testing_support::eventually([&] { return streaming.load(); }));
    cancellation.cancel();
  });
  auto response = transport.send(request, &cancellation);
  canceller.join();
  finish = true;
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().message, "request cancelled");
}

// TLS against a CA made for the test: kubesim's certificate authority.
class HttpTransportTls : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ca = kubesim::CertificateAuthority::create("test-ca");
    ASSERT_TRUE(ca);
    ca_ = std::make_unique<kubesim::CertificateAuthority>(std::move(*ca));
    auto serving = ca_->issue_server({"kube.test"}, {"127.0.0.1"});
    ASSERT_TRUE(serving);
    serving_ = *serving;
  }

  std::unique_ptr<TestHttpServer> start_server(bool require_client_certificate) {
    X509_STORE* client_authorities = nullptr;
    if (require_client_certificate) {
      client_authorities = X509_STORE_new();
      X509_STORE_add_cert(client_authorities, ca_->certificate());
    }
    auto server = std::make_unique<TestHttpServer>(std::make_unique<httplib::SSLServer>(
        serving_.certificate.get(), serving_.key.get(), client_authorities));
    server->server().Get("/api", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("{}", "application/json");
    });
    server->start();
    return server;
  }

  std::unique_ptr<kubesim::CertificateAuthority> ca_;
  kubesim::IssuedCertificate serving_;
  FakeClock clock_;
};

TEST_F(HttpTransportTls, VerifiesTheServerAgainstTheConfiguredCa) {
  auto server = start_server(false);
  ClientConfig config = config_for(server->url("https"));
  config.tls.ca_pem = ca_->certificate_pem();
  HttpTransport transport(config, options_with(clock_));
  auto response = transport.send(get("/api"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
}

TEST_F(HttpTransportTls, RejectsAServerSignedByAnotherCa) {
  auto server = start_server(false);
  auto other = kubesim::CertificateAuthority::create("other-ca");
  ASSERT_TRUE(other);
  ClientConfig config = config_for(server->url("https"));
  config.tls.ca_pem = other->certificate_pem();
  HttpTransport transport(config, options_with(clock_));
  auto response = transport.send(get("/api"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().message,
            "cannot verify the API server's certificate at " + server->url("https") +
                " (unable to get local issuer certificate); set certificate-authority or "
                "certificate-authority-data of the kubeconfig cluster to the CA that signed it");
}

TEST_F(HttpTransportTls, ChecksTheServerNameAndHonoursTlsServerName) {
  // A debootstrap'ed system has no /etc/hosts, and then "localhost" may not resolve.
  addrinfo* resolved = nullptr;
  if (getaddrinfo("localhost", nullptr, nullptr, &resolved) != 0) {
    GTEST_SKIP() << "\"localhost\" does not resolve on this machine (no /etc/hosts?)";
  }
  freeaddrinfo(resolved);
  auto server = start_server(false);
  ClientConfig by_name = config_for("https://localhost:" + std::to_string(server->port()));
  by_name.tls.ca_pem = ca_->certificate_pem();
  HttpTransport mismatch(by_name, options_with(clock_));
  auto refused = mismatch.send(get("/api"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "the API server's certificate is not valid for \"localhost\" (hostname mismatch); use "
            "a server name the certificate lists, or set tls-server-name in the kubeconfig "
            "cluster");

  by_name.tls.server_name = "kube.test";
  HttpTransport renamed(by_name, options_with(clock_));
  auto accepted = renamed.send(get("/api"));
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(accepted->status, 200);
  EXPECT_EQ(server->requests().back().header("Host"),
            "localhost:" + std::to_string(server->port()));
}

TEST_F(HttpTransportTls, SkipsVerificationOnlyWhenToldAndWarns) {
  auto server = start_server(false);
  ClientConfig config = config_for(server->url("https"));
  config.tls.insecure = true;
  TransportOptions options = options_with(clock_);
  std::vector<std::string> warnings;
  options.warn = [&](const std::string& warning) { warnings.push_back(warning); };
  HttpTransport transport(config, options);
  auto response = transport.send(get("/api"));
  ASSERT_TRUE(response) << response.error().message;
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "TLS certificate verification is off for " + server->url("https") +
                             " (insecure-skip-tls-verify); anyone on the network path can read "
                             "and change this traffic");
}

TEST_F(HttpTransportTls, AuthenticatesWithAClientCertificate) {
  auto server = start_server(true);
  auto client = ca_->issue_client("alice", {"dev"});
  ASSERT_TRUE(client);
  ClientConfig config = config_for(server->url("https"));
  config.tls.ca_pem = ca_->certificate_pem();
  config.auth.client_certificate_pem = client->certificate_pem;
  config.auth.client_key_pem = client->key_pem;
  HttpTransport transport(config, options_with(clock_));
  auto response = transport.send(get("/api"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);

  ClientConfig without = config;
  without.auth.client_certificate_pem.clear();
  without.auth.client_key_pem.clear();
  HttpTransport anonymous(without, options_with(clock_));
  EXPECT_FALSE(anonymous.send(get("/api")));
}

TEST_F(HttpTransportTls, AuthenticatesWithACertificateFromAnExecPlugin) {
  auto server = start_server(true);
  auto client = ca_->issue_client("carol", {});
  ASSERT_TRUE(client);
  TempDirectory directory;
  nlohmann::json credential = {
      {"apiVersion", "client.authentication.k8s.io/v1beta1"},
      {"kind", "ExecCredential"},
      {"status",
       {{"clientCertificateData", client->certificate_pem}, {"clientKeyData", client->key_pem}}}};
  directory.write("credential.json", credential.dump());
  std::string plugin =
      directory.write("plugin.sh", "#!/bin/sh\ncat \"$(dirname \"$0\")/credential.json\"\n", true);
  ClientConfig config = config_for(server->url("https"));
  config.tls.ca_pem = ca_->certificate_pem();
  ExecConfig exec;
  exec.command = plugin;
  exec.api_version = "client.authentication.k8s.io/v1beta1";
  exec.interactive_mode = "IfAvailable";
  config.auth.exec = exec;
  HttpTransport transport(config, options_with(clock_));
  auto response = transport.send(get("/api"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
}

TEST_F(HttpTransportTls, RejectsAKeyThatDoesNotMatchTheCertificate) {
  auto server = start_server(true);
  auto alice = ca_->issue_client("alice", {});
  auto bob = ca_->issue_client("bob", {});
  ASSERT_TRUE(alice && bob);
  ClientConfig config = config_for(server->url("https"));
  config.tls.ca_pem = ca_->certificate_pem();
  config.auth.client_certificate_pem = alice->certificate_pem;
  config.auth.client_key_pem = bob->key_pem;
  HttpTransport transport(config, options_with(clock_));
  auto response = transport.send(get("/api"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().message,
            "the client certificate and key do not match; check client-certificate and "
            "client-key of the kubeconfig user");
}

// kubesim's handshake faults: a refused handshake and an answer that is no TLS at all need
// different next steps, so the error says which.
TEST(HttpTransportTlsFaults, TellsARefusedHandshakeFromAnAnswerThatIsNotTls) {
  kubesim::SystemClock cluster_clock;
  kubesim::Cluster cluster(cluster_clock);
  kubesim::ApiServer server(cluster);
  auto started = server.start();
  ASSERT_TRUE(started) << started.error().message;
  ClientConfig config = config_for(server.url());
  config.tls.ca_pem = server.ca_pem();
  FakeClock clock;
  HttpTransport transport(config, options_with(clock));
  const std::string failed = "TLS handshake with the API server at " + server.url() + " failed: ";

  cluster.faults().fail_handshakes(kubesim::HandshakeFault::kRefuse, 1);
  auto refused = transport.send(get("/version"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            failed +
                "the server refused the handshake (alert handshake failure); check that the "
                "server URL names the API server, not another service or a proxy, and that it "
                "accepts TLS 1.2 or later");

  cluster.faults().fail_handshakes(kubesim::HandshakeFault::kGarble, 1);
  auto garbled = transport.send(get("/version"));
  ASSERT_FALSE(garbled);
  EXPECT_EQ(garbled.error().message,
            failed +
                "the server did not answer with TLS (wrong version number: is it plain HTTP?); "
                "check the port of the server URL, or use http:// if the server really speaks "
                "plain HTTP");
  EXPECT_EQ(cluster.faults().handshakes_failed(), 2u);
}

}  // namespace
}  // namespace kexit::kube
