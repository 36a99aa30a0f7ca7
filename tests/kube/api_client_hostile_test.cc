// ApiClient against loopback servers that lie (issue 15): a watch frame of 100 MB, a watch or
// a plain answer that never ends, an endless body, a server that accepts the connection and
// says nothing. Each must end with a clear error in bounded time and memory. Some wait on
// real time (read timeouts of 1 s), hence the ctest label `realtime`.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "kube/api_client.h"
#include "test_http_server.h"
#include "testing/fake_clock.h"

namespace kexit::kube {
namespace {

class ApiClientHostile : public ::testing::Test {
 protected:
  std::unique_ptr<ApiClient> client_for(const std::string& url, TransportOptions options = {}) {
    ClientConfig config;
    config.server = *parse_server_address(url);
    config.namespace_name = "team";
    options.clock = &clock_;
    options.exec = ExecRunOptions{};
    options.retry.max_attempts = 1;
    return std::make_unique<ApiClient>(config, options);
  }

  // Serves `path` with a chunked body made by `next_chunk` until it returns "" or the client
  // goes away; each chunk also moves the fake clock by `step`.
  void serve_endless(TestHttpServer& server, const std::string& path,
                     std::function<std::string(std::size_t)> next_chunk,
                     std::chrono::milliseconds step = std::chrono::milliseconds(0)) {
    server.server().Get(
        path, [this, next_chunk, step](const httplib::Request&, httplib::Response& response) {
          response.set_chunked_content_provider(
              "application/json", [this, next_chunk, step](std::size_t, httplib::DataSink& sink) {
                for (std::size_t i = 0;; ++i) {
                  std::string chunk = next_chunk(i);
                  if (chunk.empty()) {
                    sink.done();
                    return true;
                  }
                  clock_.advance(step);
                  if (!sink.write(chunk.data(), chunk.size())) {
                    return false;  // the client hung up
                  }
                }
              });
        });
  }

  FakeClock clock_;
};

TEST_F(ApiClientHostile, AWatchFrameOf100MbIsRefusedAt16MiB) {
  TestHttpServer server;
  const std::string head = R"({"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"a"},)"
                           R"("data":")";
  const std::size_t kChunk = 64 * 1024;
  std::atomic<std::size_t> sent{0};
  serve_endless(server, "/api/v1/pods", [&](std::size_t i) -> std::string {
    if (sent >= 100u << 20) {
      return "\"}}\n";
    }
    std::string chunk = i == 0 ? head : std::string(kChunk, 'x');
    sent += chunk.size();
    return chunk;
  });
  server.start();
  auto client = client_for(server.url());
  std::size_t events = 0;
  auto result = client->watch("/api/v1/pods", {}, [&](const WatchEvent&) {
    ++events;
    return true;
  });
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->end, WatchEnd::kInterrupted);
  EXPECT_EQ(result->interruption,
            "a watch event exceeds 16 MiB, kexit's limit (etcd stores objects of at most 1.5 "
            "MiB); the stream looks corrupt, so the watch starts again");
  EXPECT_EQ(events, 0u);
  // The client hung up soon after the limit, not after the 100 MB.
  EXPECT_LT(sent.load(), 32u << 20);
}

TEST_F(ApiClientHostile, AWatchThatNeverEndsIsCutAfterItsTimeoutAndSlack) {
  TestHttpServer server;
  // A bookmark every chunk, each a minute later: the server ignores timeoutSeconds=5.
  serve_endless(
      server, "/api/v1/pods",
      [](std::size_t i) {
        return R"({"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":")" +
               std::to_string(i + 1) + "\"}}}\n";
      },
      std::chrono::seconds(1));
  server.start();
  auto client = client_for(server.url());
  WatchOptions options;
  options.timeout = std::chrono::seconds(5);
  // The fake clock moves a second per chunk the server writes, however many the client read.
  auto result = client->watch("/api/v1/pods", options, [](const WatchEvent&) { return true; });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            "the answer to GET /api/v1/pods?watch=true&allowWatchBookmarks=true&timeoutSeconds=5 "
            "was still coming after 35 s, kexit's limit; the server or a proxy in between never "
            "ends it");
}

TEST_F(ApiClientHostile, AnAnswerThatNeverEndsIsCutOffByTimeAndBySize) {
  TestHttpServer server;
  // Slow: a space a second, for ever.
  serve_endless(
      server, "/api/v1/namespaces/team/pods/slow", [](std::size_t) { return std::string(" "); },
      std::chrono::seconds(1));
  // Fast: 1 MiB chunks of a list that never closes.
  serve_endless(server, "/api/v1/namespaces/team/pods", [](std::size_t i) {
    return i == 0 ? std::string(R"({"kind":"PodList","items":[)") : std::string(1 << 20, ' ');
  });
  server.start();
  auto client = client_for(server.url());
  auto slow = client->get_pod("team", "slow");
  ASSERT_FALSE(slow);
  EXPECT_EQ(slow.error().message,
            "the answer to GET /api/v1/namespaces/team/pods/slow was still coming after 300 s, "
            "kexit's limit; the server or a proxy in between never ends it");
  auto endless = client->list_pods("team");
  ASSERT_FALSE(endless);
  EXPECT_EQ(endless.error().message,
            "the answer to GET /api/v1/namespaces/team/pods?limit=500 exceeds 64 MiB, kexit's "
            "limit for one answer; the server or a proxy in between sends something else");
}

// Accepts connections and never answers.
class SilentServer {
 public:
  SilentServer() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(listener_, 8);
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      int connection = accept(listener_, nullptr, nullptr);
      if (connection >= 0) {
        accepted_ = connection;
      }
    });
  }
  ~SilentServer() {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
    if (accepted_ >= 0) {
      close(accepted_);
    }
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int listener_ = -1;
  std::atomic<int> accepted_{-1};
  int port_ = 0;
  std::thread thread_;
};

TEST_F(ApiClientHostile, AServerThatSaysNothingTimesOut) {
  SilentServer server;
  TransportOptions options;
  options.read_timeout = std::chrono::seconds(1);
  auto client = client_for(server.url(), options);
  auto started = std::chrono::steady_clock::now();
  auto pod = client->get_pod("team", "web");
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_FALSE(pod);
  EXPECT_EQ(pod.error().message, "the connection to the API server at " + server.url() +
                                     " stayed silent for the read timeout of 1 s while reading "
                                     "the answer; try again");
  EXPECT_LT(seconds, 5);
}

}  // namespace
}  // namespace kexit::kube
