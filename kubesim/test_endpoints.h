#pragma once
// The test-only HTTP endpoints under /kubesim/v1/ (no authentication, never faulted): load
// objects, set container logs, inject faults, drop or cut watches, compact history, manage
// tokens and rules, and step the scenario. Documented in kubesim/README.md.

#include <atomic>
#include <string>

#include "kubesim/cluster.h"
#include "kubesim/http_exchange.h"
#include "kubesim/scenario_player.h"
#include "kubesim/watch_registry.h"

namespace kexit::kubesim {

class TestEndpoints {
 public:
  TestEndpoints(Cluster& cluster, WatchRegistry& watches);

  void set_scenario(ScenarioPlayer* player) { scenario_.store(player); }
  // `path` is what follows /kubesim, e.g. "/v1/faults".
  HttpResponse handle(const HttpRequest& request, const std::string& path);

 private:
  Cluster& cluster_;
  WatchRegistry& watches_;
  std::atomic<ScenarioPlayer*> scenario_{nullptr};
};

}  // namespace kexit::kubesim
