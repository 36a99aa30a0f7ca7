#include "kubesim/pod_log_reader.h"

#include <vector>

#include "kubesim/kube_time.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

std::string quote(const std::string& text) { return "\"" + text + "\""; }

std::vector<std::string> names_of(const json& pod, const char* list) {
  std::vector<std::string> names;
  auto spec = pod.find("spec");
  if (spec == pod.end() || !spec->contains(list) || !(*spec)[list].is_array()) {
    return names;
  }
  for (const auto& container : (*spec)[list]) {
    names.push_back(container.value("name", ""));
  }
  return names;
}

std::string space_joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : " ") + name;
  }
  return out;
}

const json* find_status(const json& pod, const std::string& container) {
  auto status = pod.find("status");
  if (status == pod.end() || !status->is_object()) {
    return nullptr;
  }
  for (const char* list :
       {"containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"}) {
    auto statuses = status->find(list);
    if (statuses == status->end() || !statuses->is_array()) {
      continue;
    }
    for (const auto& entry : *statuses) {
      if (entry.value("name", "") == container) {
        return &entry;
      }
    }
  }
  return nullptr;
}

const json* state_part(const json& status, const char* state, const char* part) {
  auto outer = status.find(state);
  if (outer == status.end() || !outer->is_object()) {
    return nullptr;
  }
  auto inner = outer->find(part);
  if (inner == outer->end() || !inner->is_object()) {
    return nullptr;
  }
  return &*inner;
}

std::string container_id_of(const json* part) {
  return part == nullptr ? "" : part->value("containerID", "");
}

}  // namespace

ApiResult<std::string> resolve_log_container(const json& pod, const std::string& requested) {
  std::string pod_name = pod["metadata"].value("name", "");
  std::vector<std::string> containers = names_of(pod, "containers");
  if (requested.empty()) {
    if (containers.size() == 1) {
      return containers.front();
    }
    std::string message = "a container name must be specified for pod " + pod_name +
                          ", choose one of: [" + space_joined(containers) + "]";
    std::vector<std::string> init = names_of(pod, "initContainers");
    if (!init.empty()) {
      message += " or one of the init containers: [" + space_joined(init) + "]";
    }
    return bad_request(message);
  }
  for (const char* list : {"containers", "initContainers", "ephemeralContainers"}) {
    for (const auto& name : names_of(pod, list)) {
      if (name == requested) {
        return requested;
      }
    }
  }
  return bad_request("container " + requested + " is not valid for pod " + pod_name);
}

ApiResult<std::string> log_container_id(const json& pod, const std::string& container,
                                        bool previous) {
  std::string pod_name = pod["metadata"].value("name", "");
  const json* status = find_status(pod, container);
  if (status == nullptr) {
    return bad_request("container " + quote(container) + " in pod " + quote(pod_name) +
                       " is not available");
  }
  const json* last_terminated = state_part(*status, "lastState", "terminated");
  const json* running = state_part(*status, "state", "running");
  const json* terminated = state_part(*status, "state", "terminated");
  const json* waiting = state_part(*status, "state", "waiting");
  // kubelet validateContainerLogStatus, case by case.
  if (previous) {
    if (container_id_of(last_terminated).empty()) {
      return bad_request("previous terminated container " + quote(container) + " in pod " +
                         quote(pod_name) + " not found");
    }
    return container_id_of(last_terminated);
  }
  if (running != nullptr) {
    return status->value("containerID", "");
  }
  if (terminated != nullptr) {
    std::string id = container_id_of(terminated);
    if (id.empty()) {
      id = container_id_of(last_terminated);
    }
    if (id.empty()) {
      return bad_request("container " + quote(container) + " in pod " + quote(pod_name) +
                         " is terminated");
    }
    return id;
  }
  if (last_terminated != nullptr) {
    if (container_id_of(last_terminated).empty()) {
      return bad_request("container " + quote(container) + " in pod " + quote(pod_name) +
                         " is terminated");
    }
    return container_id_of(last_terminated);
  }
  if (waiting != nullptr) {
    std::string reason = waiting->value("reason", "");
    std::string why = reason == "ErrImagePull"       ? "image can't be pulled"
                      : reason == "ImagePullBackOff" ? "trying and failing to pull image"
                                                     : reason;
    return bad_request("container " + quote(container) + " in pod " + quote(pod_name) +
                       " is waiting to start: " + why);
  }
  return status->value("containerID", "");
}

ApiResult<std::string> read_pod_log(const json& pod, const LogStore& logs,
                                    const PodLogOptions& options, TimePoint now) {
  KEXIT_ASSIGN(container, resolve_log_container(pod, options.container));
  // An unscheduled pod has no kubelet to ask: the apiserver streams nothing.
  if (pod["spec"].value("nodeName", "").empty()) {
    return std::string();
  }
  KEXIT_ASSIGN(id, log_container_id(pod, container, options.previous));
  std::vector<LogLine> lines = logs.lines(id);
  std::optional<TimePoint> since = options.since_time;
  if (options.since_seconds) {
    since = now - std::chrono::seconds(*options.since_seconds);
  }
  std::size_t first = 0;
  if (since) {
    while (first < lines.size() && lines[first].time < *since) {
      ++first;
    }
  }
  if (options.tail_lines && static_cast<long long>(lines.size() - first) > *options.tail_lines) {
    first = lines.size() - static_cast<std::size_t>(*options.tail_lines);
  }
  std::string out;
  for (std::size_t i = first; i < lines.size(); ++i) {
    if (options.timestamps) {
      out += format_nano_time(lines[i].time) + " ";
    }
    out += lines[i].text;
    if (options.limit_bytes && static_cast<long long>(out.size()) >= *options.limit_bytes) {
      out.resize(static_cast<std::size_t>(*options.limit_bytes));
      break;
    }
  }
  return out;
}

}  // namespace kexit::kubesim
