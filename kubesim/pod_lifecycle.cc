#include "kubesim/pod_lifecycle.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <utility>

#include "kubesim/creation_defaults.h"
#include "kubesim/kube_time.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

const char* const kDefaultNode = "kubesim-node-1";

json* find_container_status(json& pod, const std::string& container) {
  for (const char* list : {"containerStatuses", "initContainerStatuses"}) {
    json& statuses = pod["status"][list];
    if (!statuses.is_array()) {
      continue;
    }
    for (auto& status : statuses) {
      if (status.value("name", "") == container) {
        return &status;
      }
    }
  }
  return nullptr;
}

Error unknown_container(const json& pod, const std::string& container) {
  return Error{"pod " + pod["metadata"].value("name", "") + " has no container \"" + container +
               "\""};
}

void set_condition(json& pod, const std::string& type, bool value, TimePoint at,
                   const std::string& reason = "", const std::string& message = "") {
  json& conditions = pod["status"]["conditions"];
  if (!conditions.is_array()) {
    conditions = json::array();
  }
  json condition = {{"type", type},
                    {"status", value ? "True" : "False"},
                    {"lastProbeTime", nullptr},
                    {"lastTransitionTime", format_time(at)}};
  if (!reason.empty()) {
    condition["reason"] = reason;
  }
  if (!message.empty()) {
    condition["message"] = message;
  }
  for (auto& existing : conditions) {
    if (existing.value("type", "") == type) {
      if (existing.value("status", "") == condition["status"]) {
        condition["lastTransitionTime"] = existing["lastTransitionTime"];
      }
      existing = condition;
      return;
    }
  }
  conditions.push_back(condition);
}

bool is_running(const json& status) {
  return status.contains("state") && status["state"].contains("running");
}

bool is_terminated(const json& status) {
  return status.contains("state") && status["state"].contains("terminated");
}

// Readiness conditions and phase from the container states, as the kubelet's status manager
// derives them.
void refresh_pod_status(json& pod, TimePoint at) {
  json& statuses = pod["status"]["containerStatuses"];
  std::vector<std::string> unready;
  bool all_terminated = true;
  bool any_failed = false;
  bool any_running = false;
  for (const auto& status : statuses) {
    if (!status.value("ready", false)) {
      unready.push_back(status.value("name", ""));
    }
    if (is_running(status)) {
      any_running = true;
    }
    if (is_terminated(status)) {
      if (status["state"]["terminated"].value("exitCode", 0) != 0) {
        any_failed = true;
      }
    } else {
      all_terminated = false;
    }
  }
  if (unready.empty()) {
    set_condition(pod, "Ready", true, at);
    set_condition(pod, "ContainersReady", true, at);
  } else {
    std::string names;
    for (const auto& name : unready) {
      names += (names.empty() ? "" : " ") + name;
    }
    set_condition(pod, "Ready", false, at, "ContainersNotReady",
                  "containers with unready status: [" + names + "]");
    set_condition(pod, "ContainersReady", false, at, "ContainersNotReady",
                  "containers with unready status: [" + names + "]");
  }
  std::string policy = pod["spec"].value("restartPolicy", "Always");
  std::string phase = pod["status"].value("phase", "Pending");
  if (all_terminated && !statuses.empty() &&
      (policy == "Never" || (policy == "OnFailure" && !any_failed))) {
    phase = any_failed ? "Failed" : "Succeeded";
  } else if (any_running || phase == "Running") {
    phase = "Running";
  }
  if ((phase == "Failed" || phase == "Succeeded") && pod["status"].value("phase", "") != phase) {
    set_condition(pod, "Ready", false, at, "PodCompleted");
    set_condition(pod, "ContainersReady", false, at, "PodCompleted");
    set_condition(pod, "PodReadyToStartContainers", false, at);
  }
  pod["status"]["phase"] = phase;
}

std::string image_of(const json& pod, const std::string& container) {
  for (const char* list : {"containers", "initContainers"}) {
    if (!pod["spec"].contains(list)) {
      continue;
    }
    for (const auto& spec : pod["spec"][list]) {
      if (spec.value("name", "") == container) {
        return spec.value("image", "");
      }
    }
  }
  return "";
}

// What containerd reports as imageID: the fully qualified repository and a digest (made up
// here, stable per image).
std::string image_id(const std::string& image) {
  std::string repository = image.substr(0, image.find('@'));
  std::size_t slash = repository.find('/');
  std::size_t colon = repository.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > repository.rfind('/'))) {
    repository = repository.substr(0, colon);
  }
  std::string first = slash == std::string::npos ? "" : repository.substr(0, slash);
  if (slash == std::string::npos) {
    repository = "docker.io/library/" + repository;
  } else if (first.find('.') == std::string::npos && first.find(':') == std::string::npos &&
             first != "localhost") {
    repository = "docker.io/" + repository;
  }
  char digest[80];
  std::size_t seed = std::hash<std::string>{}(image);
  std::snprintf(digest, sizeof digest, "%016zx%016zx%016zx%016zx", seed, seed * 31 + 7,
                seed * 131 + 17, seed * 1031 + 71);
  return repository + "@sha256:" + std::string(digest).substr(0, 64);
}

std::string pod_reference(const json& pod) {
  return pod["metadata"].value("name", "") + "_" + pod["metadata"].value("namespace", "") + "(" +
         pod["metadata"].value("uid", "") + ")";
}

std::string event_suffix(TimePoint at, std::uint64_t sequence) {
  // client-go names Events <object>.<hex UnixNano>; the sequence keeps same-instant names
  // apart and in recording order.
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%llx",
                static_cast<unsigned long long>(static_cast<std::uint64_t>(nanos) + sequence));
  return buffer;
}

}  // namespace

std::vector<std::string> container_names(const json& pod) {
  std::vector<std::string> names;
  if (pod.contains("spec") && pod["spec"].contains("containers")) {
    for (const auto& container : pod["spec"]["containers"]) {
      names.push_back(container.value("name", ""));
    }
  }
  return names;
}

std::string current_container_id(const json& pod, const std::string& container) {
  json copy = pod;
  json* status = find_container_status(copy, container);
  if (status == nullptr) {
    return "";
  }
  if (status->contains("containerID")) {
    return (*status)["containerID"].get<std::string>();
  }
  return "";
}

namespace {

// A status per container of `list`, waiting as the kubelet reports a container it has not
// started yet.
json waiting_statuses(const json& spec, const char* list, const std::string& reason) {
  json statuses = json::array();
  if (!spec.contains(list) || !spec[list].is_array()) {
    return statuses;
  }
  for (const auto& container : spec[list]) {
    statuses.push_back({{"name", container.value("name", "")},
                        {"image", container.value("image", "")},
                        {"imageID", ""},
                        {"ready", false},
                        {"restartCount", 0},
                        {"started", false},
                        {"lastState", json::object()},
                        {"state", {{"waiting", {{"reason", reason}}}}}});
  }
  return statuses;
}

std::string names_of(const json& statuses) {
  std::string names;
  for (const auto& status : statuses) {
    names += (names.empty() ? "" : " ") + status.value("name", "");
  }
  return names;
}

}  // namespace

json schedule_pod(json pod, TimePoint at) {
  apply_pod_defaults(pod);
  json& spec = pod["spec"];
  if (spec.value("nodeName", "").empty()) {
    spec["nodeName"] = kDefaultNode;
  }
  pod["metadata"]["creationTimestamp"] = format_time(at);
  // With init containers, the kubelet reports every container waiting in PodInitializing and
  // the pod not Initialized until they have run.
  json init_statuses = waiting_statuses(spec, "initContainers", "PodInitializing");
  const bool initializing = !init_statuses.empty();
  json statuses =
      waiting_statuses(spec, "containers", initializing ? "PodInitializing" : "ContainerCreating");
  pod["status"] = {
      {"phase", "Pending"},           {"qosClass", qos_class(pod)},
      {"hostIP", "10.0.0.10"},        {"hostIPs", json::array({{{"ip", "10.0.0.10"}}})},
      {"startTime", format_time(at)}, {"containerStatuses", statuses}};
  if (initializing) {
    pod["status"]["initContainerStatuses"] = init_statuses;
  }
  set_condition(pod, "PodReadyToStartContainers", false, at);
  if (initializing) {
    set_condition(pod, "Initialized", false, at, "ContainersNotInitialized",
                  "containers with incomplete status: [" + names_of(init_statuses) + "]");
  } else {
    set_condition(pod, "Initialized", true, at);
  }
  set_condition(pod, "PodScheduled", true, at);
  refresh_pod_status(pod, at);
  return pod;
}

Status start_containers(json& pod, const std::vector<std::string>& containers,
                        const std::vector<std::string>& container_ids, TimePoint at) {
  std::vector<std::string> names = containers.empty() ? container_names(pod) : containers;
  const std::vector<std::string> regular = container_names(pod);
  for (std::size_t i = 0; i < names.size(); ++i) {
    // The kubelet starts the app containers only once the init containers have run.
    if (std::find(regular.begin(), regular.end(), names[i]) != regular.end()) {
      set_condition(pod, "Initialized", true, at);
    }
    json* status = find_container_status(pod, names[i]);
    if (status == nullptr) {
      return unknown_container(pod, names[i]);
    }
    (*status)["containerID"] = i < container_ids.size() ? container_ids[i] : "";
    (*status)["state"] = {{"running", {{"startedAt", format_time(at)}}}};
    (*status)["ready"] = true;
    (*status)["started"] = true;
    std::string image = image_of(pod, names[i]);
    (*status)["imageID"] = image_id(image);
  }
  if (!pod["status"].contains("podIP")) {
    std::size_t seed = std::hash<std::string>{}(pod["metadata"].value("name", ""));
    std::string ip = "10.244.0." + std::to_string(2 + seed % 250);
    pod["status"]["podIP"] = ip;
    pod["status"]["podIPs"] = json::array({{{"ip", ip}}});
  }
  set_condition(pod, "PodReadyToStartContainers", true, at);
  refresh_pod_status(pod, at);
  return ok_status();
}

Status terminate_container(json& pod, const std::string& container, const Termination& termination,
                           TimePoint at) {
  json* status = find_container_status(pod, container);
  if (status == nullptr) {
    return unknown_container(pod, container);
  }
  std::string started = format_time(at);
  if (is_running(*status)) {
    started = (*status)["state"]["running"].value("startedAt", started);
  }
  std::string reason = termination.reason;
  if (reason.empty()) {
    reason = termination.exit_code == 0 ? "Completed" : "Error";
  }
  json terminated = {{"exitCode", termination.exit_code},
                     {"reason", reason},
                     {"startedAt", started},
                     {"finishedAt", format_time(at)},
                     {"containerID", status->value("containerID", "")}};
  if (!termination.message.empty()) {
    terminated["message"] = termination.message;
  }
  if (termination.signal != 0) {
    terminated["signal"] = termination.signal;
  }
  (*status)["state"] = {{"terminated", terminated}};
  (*status)["ready"] = false;
  (*status)["started"] = false;
  refresh_pod_status(pod, at);
  return ok_status();
}

Status back_off_container(json& pod, const std::string& container, TimePoint at,
                          int restart_count) {
  json* status = find_container_status(pod, container);
  if (status == nullptr) {
    return unknown_container(pod, container);
  }
  if (is_terminated(*status)) {
    (*status)["lastState"] = (*status)["state"];
  }
  if (restart_count >= 0) {
    (*status)["restartCount"] = restart_count;
  }
  int restarts = (*status).value("restartCount", 0);
  // The kubelet's back-off doubles from 10s up to 5 minutes.
  int delay = 10;
  for (int i = 0; i < restarts && delay < 300; ++i) {
    delay *= 2;
  }
  delay = std::min(delay, 300);
  std::string delay_text = delay >= 300 ? "5m0s"
                           : delay >= 60
                               ? std::to_string(delay / 60) + "m" + std::to_string(delay % 60) + "s"
                               : std::to_string(delay) + "s";
  (*status)["state"] = {{"waiting",
                         {{"reason", "CrashLoopBackOff"},
                          {"message", "back-off " + delay_text + " restarting failed container=" +
                                          container + " pod=" + pod_reference(pod)}}}};
  (*status)["ready"] = false;
  (*status)["started"] = false;
  refresh_pod_status(pod, at);
  return ok_status();
}

Status wait_container(json& pod, const std::string& container, const std::string& reason,
                      const std::string& message, TimePoint at) {
  json* status = find_container_status(pod, container);
  if (status == nullptr) {
    return unknown_container(pod, container);
  }
  json waiting = {{"reason", reason}};
  if (!message.empty()) {
    waiting["message"] = message;
  }
  (*status)["state"] = {{"waiting", waiting}};
  (*status)["ready"] = false;
  (*status)["started"] = false;
  refresh_pod_status(pod, at);
  return ok_status();
}

Status restart_container(json& pod, const std::string& container, const std::string& container_id,
                         TimePoint at) {
  json* status = find_container_status(pod, container);
  if (status == nullptr) {
    return unknown_container(pod, container);
  }
  if (is_terminated(*status)) {
    (*status)["lastState"] = (*status)["state"];
  }
  (*status)["restartCount"] = (*status).value("restartCount", 0) + 1;
  (*status)["containerID"] = container_id;
  (*status)["state"] = {{"running", {{"startedAt", format_time(at)}}}};
  (*status)["ready"] = true;
  (*status)["started"] = true;
  refresh_pod_status(pod, at);
  return ok_status();
}

namespace {

// What the kubelet's status manager writes for a container it has no terminated state of when
// the pod ends (TerminatePod, pkg/kubelet/status/status_manager.go): only exit code, reason and
// message; no container ID, and no times, metav1.Time's zero value, which the API writes as null.
json status_unknown() {
  return {{"terminated",
           {{"exitCode", 137},
            {"reason", "ContainerStatusUnknown"},
            {"message", "The container could not be located when the pod was terminated"},
            {"startedAt", nullptr},
            {"finishedAt", nullptr}}}};
}

json stopped_container(const json& status, FailedContainers containers, TimePoint at) {
  if (containers == FailedContainers::Unknown) {
    // Newer kubelets: the status manager's last word, as for a container that never ran.
    return status_unknown();
  }
  json terminated = {{"exitCode", containers == FailedContainers::Sigterm ? 143 : 137},
                     {"reason", "Error"},
                     {"startedAt", status["state"]["running"].value("startedAt", "")},
                     {"finishedAt", format_time(at)},
                     {"containerID", status.value("containerID", "")}};
  return {{"terminated", terminated}};
}

// The DisruptionTarget condition's reason and message, as the component that sets it words it.
std::pair<std::string, std::string> disruption_of(const json& pod, const PodFailure& failure) {
  static const std::set<std::string> kKubeletTerminations = {"Evicted", "Preempting", "Terminated",
                                                             "Shutdown"};
  std::string reason = failure.disruption;
  if (reason.empty() && kKubeletTerminations.count(failure.reason) != 0) {
    reason = "TerminationByKubelet";
  }
  if (reason == "PreemptionByScheduler") {
    return {reason, pod["spec"].value("schedulerName", "default-scheduler") +
                        ": preempting to accommodate a higher priority pod"};
  }
  if (reason == "DeletionByTaintManager") {
    return {reason, "Taint manager: deleting due to NoExecute taint"};
  }
  if (reason == "EvictionByEvictionAPI") {
    return {reason, "Eviction API: evicting"};
  }
  return {reason, failure.message};
}

// Whether a container's status shows it ever left waiting (hasPodInitialized's and
// initializedContainers' test).
bool ever_started(const json& status) {
  const bool waiting = status.contains("state") && status["state"].contains("waiting");
  return !waiting || (status.contains("lastState") && status["lastState"].contains("terminated"));
}

bool exited_zero(const json& status, const char* slot) {
  return status.contains(slot) && status[slot].contains("terminated") &&
         status[slot]["terminated"].value("exitCode", 1) == 0;
}

// The kubelet's hasPodInitialized (pkg/kubelet/status/status_manager.go): no init containers in
// the spec, an app container that ever left waiting, or a last init container that completed
// (in state or lastState: exit 0) or, as a native sidecar, runs and has started.
bool has_pod_initialized(const json& pod) {
  static const json kNone = json::array();
  auto list = [](const json& object, const char* parent, const char* field) -> const json& {
    return object.contains(parent) && object[parent].contains(field) ? object[parent][field]
                                                                     : kNone;
  };
  const json& init_specs = list(pod, "spec", "initContainers");
  if (init_specs.empty()) {
    return true;
  }
  const json& statuses = list(pod, "status", "containerStatuses");
  if (std::any_of(statuses.begin(), statuses.end(), ever_started)) {
    return true;
  }
  const json& init = list(pod, "status", "initContainerStatuses");
  if (init.empty()) {
    return false;
  }
  const json& last = init.back();
  auto last_spec = std::find_if(init_specs.begin(), init_specs.end(), [&](const json& container) {
    return container.value("name", "") == last.value("name", "");
  });
  if (last_spec == init_specs.end()) {
    return false;  // the kubelet's "mismatch between pod spec and status"
  }
  if (last_spec->value("restartPolicy", "") == "Always") {
    return is_running(last) && last.value("started", false);
  }
  return exited_zero(last, "lastState") || exited_zero(last, "state");
}

// What the kubelet's status manager writes as a terminated pod's last status (TerminatePod,
// pkg/kubelet/status/status_manager.go): a container it never saw end, still waiting
// (ContainerCreating, an image pull, a back-off), is reported terminated 137
// ContainerStatusUnknown once the pod has `initialized` (has_pod_initialized); of the init
// containers, every one but those at the end that never started. lastState is kept.
void default_unterminated(json& pod, bool initialized) {
  const json unknown = status_unknown();
  json none = json::array();
  json& pod_status = pod["status"];
  json& statuses =
      pod_status.contains("containerStatuses") ? pod_status["containerStatuses"] : none;
  json& init =
      pod_status.contains("initContainerStatuses") ? pod_status["initContainerStatuses"] : none;
  for (auto& status : statuses) {
    if (initialized && !is_terminated(status)) {
      status["state"] = unknown;
    }
  }
  if (init.empty()) {
    return;
  }
  // initializedContainers: up to the last one that left waiting, or the first.
  std::size_t attempted = 1;
  for (std::size_t i = 0; i < init.size(); ++i) {
    attempted = ever_started(init[i]) ? i + 1 : attempted;
  }
  for (std::size_t i = 0; i < std::min(attempted, init.size()); ++i) {
    if (!is_terminated(init[i])) {
      init[i]["state"] = unknown;
    }
  }
}

// Only the scheduler's and the API's own conditions: the kubelet owns these
// (kubetypes.PodConditionsByKubelet).
bool kubelet_condition(const std::string& type) {
  return type == "Ready" || type == "ContainersReady" || type == "Initialized" ||
         type == "PodReadyToStartContainers";
}

}  // namespace

std::vector<std::string> fail_pod(json& pod, const PodFailure& failure, TimePoint at) {
  // The kubelet asks the pod as the API had it, before its containers were stopped: a native
  // sidecar still running and started.
  const bool initialized = has_pod_initialized(pod);
  std::vector<std::string> running;
  for (auto& status : pod["status"]["containerStatuses"]) {
    if (is_running(status)) {
      running.push_back(status.value("name", ""));
      if (failure.containers != FailedContainers::Unchanged) {
        status["state"] = stopped_container(status, failure.containers, at);
        status["started"] = false;
      }
    }
    status["ready"] = false;
  }
  if (failure.containers != FailedContainers::Unchanged) {
    default_unterminated(pod, initialized);
  }
  pod["status"]["phase"] = "Failed";
  for (const auto& [key, value] :
       {std::pair{"reason", failure.reason}, {"message", failure.message}}) {
    if (!value.empty()) {
      pod["status"][key] = value;
    }
  }
  set_condition(pod, "Ready", false, at, "PodFailed");
  set_condition(pod, "ContainersReady", false, at, "PodFailed");
  auto [disruption, message] = disruption_of(pod, failure);
  if (!disruption.empty()) {
    set_condition(pod, "DisruptionTarget", true, at, disruption, message);
  }
  return running;
}

void evict_pod(json& pod, const std::string& message, TimePoint at) {
  fail_pod(pod, {"Evicted", message, FailedContainers::Unknown, ""}, at);
}

void reject_pod(json& pod, const std::string& reason, const std::string& message, TimePoint at) {
  json& status = pod["status"];
  // The kubelet never synced the pod: no container, IP or condition of its own was reported.
  for (const char* field :
       {"containerStatuses", "initContainerStatuses", "hostIP", "hostIPs", "podIP", "podIPs"}) {
    status.erase(field);
  }
  json kept = json::array();
  for (const auto& condition : status.value("conditions", json::array())) {
    if (!kubelet_condition(condition.value("type", ""))) {
      kept.push_back(condition);
    }
  }
  status["conditions"] = kept;
  status["phase"] = "Failed";
  status["reason"] = reason;
  status["message"] = "Pod was rejected: " + message;
  if (!status.contains("startTime")) {
    status["startTime"] = format_time(at);
  }
}

json object_event(const json& involved, const std::string& type, const std::string& reason,
                  const std::string& message, const EventSource& source, TimePoint at,
                  std::uint64_t sequence) {
  std::string event_namespace = involved.value("namespace", "");
  json source_json = {{"component", source.component}};
  if (!source.host.empty()) {
    source_json["host"] = source.host;
  }
  return {{"apiVersion", "v1"},
          {"kind", "Event"},
          {"metadata",
           {{"name", involved.value("name", "") + "." + event_suffix(at, sequence)},
            {"namespace", event_namespace.empty() ? "default" : event_namespace}}},
          {"involvedObject", involved},
          {"reason", reason},
          {"message", message},
          {"source", source_json},
          {"firstTimestamp", format_time(at)},
          {"lastTimestamp", format_time(at)},
          {"count", 1},
          {"type", type},
          {"eventTime", nullptr},
          {"reportingComponent", source.component},
          {"reportingInstance", source.host}};
}

json pod_event(const json& pod, const std::string& type, const std::string& reason,
               const std::string& message, const std::string& field_path,
               const std::string& component, TimePoint at, std::uint64_t sequence) {
  const json& metadata = pod["metadata"];
  std::string node = pod["spec"].value("nodeName", "");
  json involved = {{"kind", "Pod"},
                   {"namespace", metadata.value("namespace", "")},
                   {"name", metadata.value("name", "")},
                   {"uid", metadata.value("uid", "")},
                   {"apiVersion", "v1"}};
  if (!field_path.empty()) {
    involved["fieldPath"] = field_path;
  }
  return object_event(involved, type, reason, message,
                      {component, component == "kubelet" ? node : ""}, at, sequence);
}

}  // namespace kexit::kubesim
