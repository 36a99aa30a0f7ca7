#include "kubesim/test_endpoints.h"

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
  const std::string& method = request.method;
  auto is = [&](const char* verb, std::initializer_list<const char*> names) {
    if (method != verb || segments.size() < names.size()) {
      return false;
    }
    std::size_t i = 0;
    for (const char* name : names) {
      if (segments[i++] != name) {
        return false;
      }
    }
    return segments.size() == names.size();
  };
  json body = request.body.empty() ? json::object() : json::parse(request.body, nullptr, false);

  if (is("GET", {"state"})) {
    json state = {
        {"resourceVersion", std::to_string(cluster_.store().resource_version())},
        {"compactedResourceVersion", std::to_string(cluster_.store().compacted_resource_version())},
        {"openWatches", watches_.open_watches()}};
    if (ScenarioPlayer* player = scenario_.load()) {
      state["scenario"] = {{"name", player->scenario().name},
                           {"positionMs", player->position().count()},
                           {"finished", player->finished()}};
    }
    return ok(state);
  }
  if (is("POST", {"objects"})) {
    auto stored = cluster_.put_text(request.body, "request body");
    return stored ? ok() : failure(400, stored.error().to_string());
  }
  // PUT /v1/logs/<namespace>/<pod>/<container>[?previous=true][&append=true]
  if (method == "PUT" && segments.size() == 4 && segments[0] == "logs") {
    auto previous = parse_bool(request.query_value("previous"));
    auto append = parse_bool(request.query_value("append"));
    LogInstance instance = previous.value_or(false) ? LogInstance::Previous : LogInstance::Current;
    Status written =
        append.value_or(false)
            ? cluster_.append_log(segments[1], segments[2], segments[3], request.body, instance)
            : cluster_.set_log(segments[1], segments[2], segments[3], request.body, instance);
    return written ? ok() : failure(400, written.error().to_string());
  }
  if (is("POST", {"faults"})) {
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
  if (is("DELETE", {"faults"})) {
    cluster_.faults().clear();
    return ok();
  }
  if (is("POST", {"watches", "drop"})) {
    cluster_.faults().drop_watches();
    cluster_.store().wake_watchers();
    return ok();
  }
  if (is("POST", {"watches", "cut"})) {
    long long events = 0;
    long long count = 1;
    parse_int(request.query_value("afterEvents"), events);
    if (request.has_query("count")) {
      parse_int(request.query_value("count"), count);
    }
    cluster_.faults().cut_watches_after(static_cast<std::size_t>(std::max(events, 0LL)),
                                        static_cast<int>(count));
    return ok();
  }
  if (is("POST", {"watches", "idle-timeout"})) {
    long long milliseconds = 0;
    parse_int(request.query_value("ms"), milliseconds);
    cluster_.faults().set_idle_watch_timeout(
        milliseconds > 0 ? std::optional(std::chrono::milliseconds(milliseconds)) : std::nullopt);
    return ok();
  }
  if (is("POST", {"watches", "bookmark"})) {
    watches_.request_bookmarks();
    cluster_.store().wake_watchers();
    return ok();
  }
  if (is("POST", {"compact"})) {
    long long version = 0;
    if (request.has_query("resourceVersion") &&
        parse_int(request.query_value("resourceVersion"), version)) {
      cluster_.store().compact(static_cast<std::uint64_t>(version));
    } else {
      cluster_.store().compact();
    }
    return ok({{"compactedResourceVersion",
                std::to_string(cluster_.store().compacted_resource_version())}});
  }
  if (is("POST", {"tokens"})) {
    if (!body.is_object() || body.value("token", "").empty() || body.value("user", "").empty()) {
      return failure(400, "the body needs \"token\" and \"user\"");
    }
    cluster_.access().add_token(
        body["token"].get<std::string>(),
        {body["user"].get<std::string>(), strings_of(body.value("groups", json()))});
    return ok();
  }
  if (method == "DELETE" && segments.size() == 2 && segments[0] == "tokens") {
    cluster_.access().revoke_token(segments[1]);
    return ok();
  }
  if (is("POST", {"rules"})) {
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
  if (is("POST", {"scenario", "advance"})) {
    ScenarioPlayer* player = scenario_.load();
    if (player == nullptr) {
      return failure(404, "no scenario is playing; start kubesim with --scenario");
    }
    Status advanced = ok_status();
    if (request.query_value("to") == "end") {
      advanced = player->finish();
    } else if (request.has_query("to")) {
      auto offset = parse_duration(request.query_value("to"));
      if (!offset) {
        return failure(400, offset.error().message);
      }
      advanced = player->advance_to(*offset);
    } else {
      auto step = parse_duration(request.query_value("by"));
      if (!step) {
        return failure(400, step.error().message);
      }
      advanced = player->advance_by(*step);
    }
    if (!advanced) {
      return failure(400, advanced.error().to_string());
    }
    return ok({{"positionMs", player->position().count()}, {"finished", player->finished()}});
  }
  return failure(404,
                 "unknown kubesim endpoint " + method + " " + path + "; see kubesim/README.md");
}

}  // namespace kexit::kubesim
