#pragma once
// HealthServer: the agent's HTTP endpoints - /healthz (the process runs), /readyz (the initial
// pod list is done, or this replica is a standby), /metrics (Prometheus text format).

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "base/expected.h"

namespace httplib {
class Server;
}

namespace kexit::agent {

class HealthServer {
 public:
  HealthServer(std::function<std::string()> render_metrics, std::function<bool()> ready);
  ~HealthServer();
  HealthServer(const HealthServer&) = delete;
  HealthServer& operator=(const HealthServer&) = delete;

  // Listens on host:port in a background thread; port 0 picks a free port. Returns the port.
  Expected<int> start(const std::string& host, int port);
  void stop();

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace kexit::agent
