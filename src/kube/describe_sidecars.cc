#include "kube/describe_sidecars.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

const json& field(const json& object, const char* key) {
  static const json kNull;
  return object.is_object() && object.contains(key) ? object[key] : kNull;
}

bool has_state(const json& state, const char* kind) { return field(state, kind).is_object(); }

// The Initialized condition's status ("True", "False"), or "" when the text shows none.
std::string initialized_condition(const json& status) {
  const json& conditions = field(status, "conditions");
  if (conditions.is_array()) {
    for (const auto& condition : conditions) {
      if (field(condition, "type") == "Initialized" && field(condition, "status").is_string()) {
        return field(condition, "status").get<std::string>();
      }
    }
  }
  return "";
}

bool app_container_started(const json& status) {
  const json& statuses = field(status, "containerStatuses");
  if (!statuses.is_array()) {
    return false;
  }
  for (const auto& container : statuses) {
    const json& state = field(container, "state");
    if (has_state(state, "running") || has_state(state, "terminated") ||
        has_state(field(container, "lastState"), "terminated")) {
      return true;
    }
  }
  return false;
}

bool is_initialized(const json& status) {
  std::string condition = initialized_condition(status);
  return condition.empty() ? app_container_started(status) : condition == "True";
}

// Running, waiting to restart, or ended with an error; a state the text cut off says nothing.
bool not_completed(const json& container_status) {
  const json& state = field(container_status, "state");
  if (has_state(state, "running") || has_state(state, "waiting")) {
    return true;
  }
  const json& exit_code = field(field(state, "terminated"), "exitCode");
  return exit_code.is_number_integer() && exit_code.get<long long>() != 0;
}

}  // namespace

std::vector<std::string> mark_native_sidecars(json& pod) {
  std::vector<std::string> marked;
  const json& status = field(pod, "status");
  const json& statuses = field(status, "initContainerStatuses");
  if (!field(field(pod, "spec"), "initContainers").is_array() || !statuses.is_array() ||
      !is_initialized(status)) {
    return marked;
  }
  json& specs = pod["spec"]["initContainers"];
  for (const auto& container_status : statuses) {
    if (!not_completed(container_status)) {
      continue;
    }
    for (auto& spec : specs) {
      if (field(spec, "name") == field(container_status, "name")) {
        spec["restartPolicy"] = "Always";
        marked.push_back(field(spec, "name").get<std::string>());
      }
    }
  }
  return marked;
}

}  // namespace kexit::kube
