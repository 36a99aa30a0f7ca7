#pragma once
// TestHttpServer: a cpp-httplib server on 127.0.0.1 and a free port, serving on a background
// thread for one test, recording the requests it got.

#include <httplib.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "testing/eventually.h"

namespace kexit::kube {

struct RecordedRequest {
  std::string method;
  // Path and raw query, as sent.
  std::string target;
  httplib::Headers headers;
  std::string body;

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class TestHttpServer {
 public:
  explicit TestHttpServer(
      std::unique_ptr<httplib::Server> server = std::make_unique<httplib::Server>())
      : server_(std::move(server)) {
    // Recorded after routing: request bodies are read only by then.
    server_->set_post_routing_handler([this](const httplib::Request& request, httplib::Response&) {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back({request.method, request.target, request.headers, request.body});
    });
  }

  ~TestHttpServer() { stop(); }

  httplib::Server& server() { return *server_; }

  // Binds (to `port`, or any free one) and serves; call after registering handlers.
  void start(int port = 0) {
    if (port == 0) {
      port_ = server_->bind_to_any_port("127.0.0.1");
    } else {
      port_ = server_->bind_to_port("127.0.0.1", port) ? port : -1;
    }
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // stop() before the accept loop runs would be lost and the join would hang.
    testing_support::eventually([&] { return server_->is_running(); });
  }

  void stop() {
    if (thread_.joinable()) {
      server_->stop();
      thread_.join();
    }
  }

  int port() const { return port_; }
  std::string url(const std::string& scheme = "http") const {
    return scheme + "://127.0.0.1:" + std::to_string(port_);
  }

  std::vector<RecordedRequest> requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace kexit::kube
