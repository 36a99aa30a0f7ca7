#include "kubesim/test_endpoints.h"

#include <algorithm>
#include <vector>

#include "base/text.h"
#include "kubesim/kube_time.h"
#include "kubesim/list_options.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

HttpResponse reply(int status, const json& body) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump();
  return response;
}

HttpResponse ok(json body = json::object()) {
  body["ok"] = true;
  return reply(200, body);
}

HttpResponse failure(int status, const std::string& message) {
  return reply(status, {{"ok", false}, {"error", message}});
}

std::vector<std::string> strings_of(const json& value) {
  std::vector<std::string> out;
  if (value.is_array()) {
    for (const auto& item : value) {
      if (item.is_string()) {
        out.push_back(item.get<std::string>());
      }
    }
  }
  return out;
}

}  // namespace

TestEndpoints::TestEndpoints(Cluster& cluster, WatchRegistry& watches)
    : cluster_(cluster), watches_(watches) {}

// Each endpoint: method, the path's fixed segments after /v1, how many name segments follow.
struct TestEndpoints::Route {
  const char* method;
  std::vector<std::string> prefix;
  std::size_t names;
  HttpResponse (TestEndpoints::*answer)(const Call&);
};

const std::vector<TestEndpoints::Route>& TestEndpoints::routes() {
  static const std::vector<Route> kRoutes = {
      {"GET", {"state"}, 0, &TestEndpoints::state},
      {"POST", {"objects"}, 0, &TestEndpoints::put_objects},
      {"PUT", {"logs"}, 3, &TestEndpoints::put_log},
      {"POST", {"faults"}, 0, &TestEndpoints::add_fault},
      {"DELETE", {"faults"}, 0, &TestEndpoints::clear_faults},
      {"POST", {"watches", "drop"}, 0, &TestEndpoints::drop_watches},
      {"POST", {"watches", "cut"}, 0, &TestEndpoints::cut_watches},
      {"POST", {"watches", "idle-timeout"}, 0, &TestEndpoints::idle_timeout},
      {"POST", {"watches", "bookmark"}, 0, &TestEndpoints::bookmark},
      {"POST", {"compact"}, 0, &TestEndpoints::compact},
      {"POST", {"tokens"}, 0, &TestEndpoints::add_token},
      {"DELETE", {"tokens"}, 1, &TestEndpoints::revoke_token},
      {"POST", {"rules"}, 0, &TestEndpoints::add_rule},
      {"POST", {"scenario", "advance"}, 0, &TestEndpoints::advance_scenario},
  };
  return kRoutes;
}

HttpResponse TestEndpoints::handle(const HttpRequest& request, const std::string& path) {
  std::vector<std::string> segments;
  for (std::string_view part : split(path, '/')) {
    if (!part.empty()) {
      segments.emplace_back(part);
    }
  }
  if (segments.empty() || segments[0] != "v1") {
    return failure(404, "unknown kubesim endpoint " + path + "; see kubesim/README.md");
  }
  segments.erase(segments.begin());
  for (const Route& route : routes()) {
    if (request.method != route.method || segments.size() != route.prefix.size() + route.names ||
        !std::equal(route.prefix.begin(), route.prefix.end(), segments.begin())) {
      continue;
    }
    json body = request.body.empty() ? json::object() : json::parse(request.body, nullptr, false);
    std::vector<std::string> names(
        segments.begin() + static_cast<std::ptrdiff_t>(route.prefix.size()), segments.end());
    return (this->*route.answer)(Call{request, names, body});
  }
  return failure(
      404, "unknown kubesim endpoint " + request.method + " " + path + "; see kubesim/README.md");
}

HttpResponse TestEndpoints::state(const Call&) {
  json state = {
      {"resourceVersion", std::to_string(cluster_.store().resource_version())},
      {"compactedResourceVersion", std::to_string(cluster_.store().compacted_resource_version())},
      {"openWatches", watches_.open_watches()},
      {"faultErrorsInjected", cluster_.faults().errors_injected()},
      {"faultHandshakesFailed", cluster_.faults().handshakes_failed()},
      {"faultDelaysInjected", cluster_.faults().delays_injected()}};
  if (ScenarioPlayer* player = scenario_.load()) {
    state["scenario"] = {{"name", player->scenario().name},
                         {"positionMs", player->position().count()},
                         {"finished", player->finished()}};
  }
  return ok(state);
}

HttpResponse TestEndpoints::put_objects(const Call& call) {
  auto stored = cluster_.put_text(call.request.body, "request body");
  return stored ? ok() : failure(400, stored.error().to_string());
}

// PUT /v1/logs/<namespace>/<pod>/<container>[?previous=true][&append=true]
HttpResponse TestEndpoints::put_log(const Call& call) {
  const HttpRequest& request = call.request;
  const auto& names = call.names;
  auto previous = parse_bool(request.query_value("previous"));
  auto append = parse_bool(request.query_value("append"));
  LogInstance instance = previous.value_or(false) ? LogInstance::Previous : LogInstance::Current;
  Status written = append.value_or(false)
                       ? cluster_.append_log(names[0], names[1], names[2], request.body, instance)
                       : cluster_.set_log(names[0], names[1], names[2], request.body, instance);
  return written ? ok() : failure(400, written.error().to_string());
}

HttpResponse TestEndpoints::add_fault(const Call& call) {
  const json& body = call.body;
  if (!body.is_object()) {
    return failure(400, "the body must be a JSON fault rule; see kubesim/README.md");
  }
  FaultRule rule;
  rule.verb = body.value("verb", "");
  rule.resource = body.value("resource", "");
  rule.namespace_name = body.value("namespace", "");
  rule.path_prefix = body.value("pathPrefix", "");
  rule.status = body.value("status", 0);
  rule.retry_after_seconds = body.value("retryAfterSeconds", 0);
  rule.message = body.value("message", "");
  rule.delay = std::chrono::milliseconds(body.value("delayMs", 0));
  rule.times = body.value("times", -1);
  cluster_.faults().add(rule);
  return ok();
}

HttpResponse TestEndpoints::clear_faults(const Call&) {
  cluster_.faults().clear();
  return ok();
}

HttpResponse TestEndpoints::drop_watches(const Call&) {
  cluster_.faults().drop_watches();
  cluster_.store().wake_watchers();
  return ok();
}

HttpResponse TestEndpoints::cut_watches(const Call& call) {
  long long events = 0;
  long long count = 1;
  parse_int(call.request.query_value("afterEvents"), events);
  if (call.request.has_query("count")) {
    parse_int(call.request.query_value("count"), count);
  }
  cluster_.faults().cut_watches_after(static_cast<std::size_t>(std::max(events, 0LL)),
                                      static_cast<int>(count));
  return ok();
}

HttpResponse TestEndpoints::idle_timeout(const Call& call) {
  long long milliseconds = 0;
  parse_int(call.request.query_value("ms"), milliseconds);
  cluster_.faults().set_idle_watch_timeout(
      milliseconds > 0 ? std::optional(std::chrono::milliseconds(milliseconds)) : std::nullopt);
  return ok();
}

HttpResponse TestEndpoints::bookmark(const Call&) {
  watches_.request_bookmarks();
  cluster_.store().wake_watchers();
  return ok();
}

HttpResponse TestEndpoints::compact(const Call& call) {
  long long version = 0;
  if (call.request.has_query("resourceVersion") &&
      parse_int(call.request.query_value("resourceVersion"), version)) {
    cluster_.store().compact(static_cast<std::uint64_t>(version));
  } else {
    cluster_.store().compact();
  }
  return ok({{"compactedResourceVersion",
              std::to_string(cluster_.store().compacted_resource_version())}});
}

HttpResponse TestEndpoints::add_token(const Call& call) {
  const json& body = call.body;
  if (!body.is_object() || body.value("token", "").empty() || body.value("user", "").empty()) {
    return failure(400, "the body needs \"token\" and \"user\"");
  }
  cluster_.access().add_token(
      body["token"].get<std::string>(),
      {body["user"].get<std::string>(), strings_of(body.value("groups", json()))});
  return ok();
}

HttpResponse TestEndpoints::revoke_token(const Call& call) {
  cluster_.access().revoke_token(call.names[0]);
  return ok();
}

HttpResponse TestEndpoints::add_rule(const Call& call) {
  const json& body = call.body;
  if (!body.is_object() || body.value("user", "").empty()) {
    return failure(400, "the body needs \"user\" and the rule's lists");
  }
  PolicyRule rule;
  rule.verbs = strings_of(body.value("verbs", json()));
  rule.api_groups = strings_of(body.value("apiGroups", json::array({""})));
  rule.resources = strings_of(body.value("resources", json()));
  rule.namespaces = strings_of(body.value("namespaces", json()));
  rule.resource_names = strings_of(body.value("resourceNames", json()));
  cluster_.access().allow(body["user"].get<std::string>(), rule);
  return ok();
}

// ?to=end, ?to=DURATION (from the scenario's start) or ?by=DURATION.
HttpResponse TestEndpoints::advance_scenario(const Call& call) {
  const HttpRequest& request = call.request;
  ScenarioPlayer* player = scenario_.load();
  if (player == nullptr) {
    return failure(404, "no scenario is playing; start kubesim with --scenario");
  }
  Status advanced = ok_status();
  if (request.query_value("to") == "end") {
    advanced = player->finish();
  } else {
    const bool absolute = request.has_query("to");
    auto offset = parse_duration(request.query_value(absolute ? "to" : "by"));
    if (!offset) {
      return failure(400, offset.error().message);
    }
    advanced = absolute ? player->advance_to(*offset) : player->advance_by(*offset);
  }
  if (!advanced) {
    return failure(400, advanced.error().to_string());
  }
  return ok({{"positionMs", player->position().count()}, {"finished", player->finished()}});
}

}  // namespace kexit::kubesim
