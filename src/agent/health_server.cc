#include "agent/health_server.h"

#include <httplib.h>

#include <chrono>

namespace kexit::agent {

HealthServer::HealthServer(std::function<std::string()> render_metrics, std::function<bool()> ready)
    : server_(std::make_unique<httplib::Server>()) {
  server_->new_task_queue = [] { return new httplib::ThreadPool(2); };
  server_->Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok\n", "text/plain; charset=utf-8");
  });
  server_->Get("/readyz", [ready](const httplib::Request&, httplib::Response& response) {
    if (ready()) {
      response.set_content("ok\n", "text/plain; charset=utf-8");
    } else {
      response.status = 503;
      response.set_content("initial pod list not finished\n", "text/plain; charset=utf-8");
    }
  });
  server_->Get("/metrics", [render_metrics](const httplib::Request&, httplib::Response& response) {
    response.set_content(render_metrics(), "text/plain; version=0.0.4; charset=utf-8");
  });
}

HealthServer::~HealthServer() { stop(); }

Expected<int> HealthServer::start(const std::string& host, int port) {
  int bound = port == 0 ? server_->bind_to_any_port(host) : port;
  if (port != 0 && !server_->bind_to_port(host, port)) {
    bound = -1;
  }
  if (bound < 0) {
    return Error{"cannot listen on " + host + ":" + std::to_string(port) +
                 "; choose another --listen address"};
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() is a no-op until the accept loop runs, so wait for it (bounded) before returning.
  for (int i = 0; i < 500 && !server_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return bound;
}

void HealthServer::stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

}  // namespace kexit::agent
