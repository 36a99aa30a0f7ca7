#pragma once
// The test-only HTTP endpoints under /kubesim/v1/ (no authentication, never faulted): load
// objects, set container logs, inject faults, drop or cut watches, compact history, manage
// tokens and rules, and step the scenario. Documented in kubesim/README.md.

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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
  // One request to one endpoint: the name segments after the endpoint's path, the JSON body
  // (discarded when it does not parse).
  struct Call {
    const HttpRequest& request;
    const std::vector<std::string>& names;
    const nlohmann::json& body;
  };
  struct Route;
  static const std::vector<Route>& routes();

  HttpResponse state(const Call& call);
  HttpResponse put_objects(const Call& call);
  HttpResponse put_log(const Call& call);
  HttpResponse add_fault(const Call& call);
  HttpResponse clear_faults(const Call& call);
  HttpResponse drop_watches(const Call& call);
  HttpResponse cut_watches(const Call& call);
  HttpResponse idle_timeout(const Call& call);
  HttpResponse bookmark(const Call& call);
  HttpResponse compact(const Call& call);
  HttpResponse add_token(const Call& call);
  HttpResponse revoke_token(const Call& call);
  HttpResponse add_rule(const Call& call);
  HttpResponse advance_scenario(const Call& call);

  Cluster& cluster_;
  WatchRegistry& watches_;
  std::atomic<ScenarioPlayer*> scenario_{nullptr};
};

}  // namespace kexit::kubesim
