#include "kubesim/scenario_player.h"

#include <cstdio>
#include <map>
#include <set>

#include "kubesim/kube_time.h"
#include "kubesim/pod_lifecycle.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

std::uint64_t fnv1a(const std::string& text, std::uint64_t seed) {
  std::uint64_t hash = 1469598103934665603ULL ^ seed;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string hex_digest(const std::string& text, int words) {
  std::string out;
  char buffer[20];
  for (int i = 0; i < words; ++i) {
    std::snprintf(
        buffer, sizeof buffer, "%016llx",
        static_cast<unsigned long long>(fnv1a(text, static_cast<std::uint64_t>(i) * 7919)));
    out += buffer;
  }
  return out;
}

const ResourceType& pods_type() { return *find_resource("", "v1", "pods"); }

// The last chunk of a log the kubelet copies into terminated.message for
// terminationMessagePolicy FallbackToLogsOnError: at most 80 lines and 2048 bytes.
std::string log_tail_message(const std::string& log) {
  std::string tail = log.size() > 2048 ? log.substr(log.size() - 2048) : log;
  std::size_t lines = 0;
  for (std::size_t i = tail.size(); i > 0; --i) {
    if (tail[i - 1] == '\n' && i != tail.size() && ++lines >= 80) {
      return tail.substr(i);
    }
  }
  return tail;
}

std::string termination_policy(const json& pod, const std::string& container) {
  for (const auto& spec : pod["spec"]["containers"]) {
    if (spec.value("name", "") == container) {
      return spec.value("terminationMessagePolicy", "File");
    }
  }
  return "File";
}

std::string image_of_container(const json& pod, const std::string& container) {
  for (const auto& spec : pod["spec"]["containers"]) {
    if (spec.value("name", "") == container) {
      return spec.value("image", "");
    }
  }
  return "";
}

struct KubeletEvent {
  std::string type;
  std::string reason;
  std::string message;
};

// The Events the kubelet records when a container waits for these reasons (image manager and
// kuberuntime's startContainer): the pull or config error, then "Error: <reason or message>".
std::vector<KubeletEvent> waiting_events(const std::string& reason, const std::string& message,
                                         const std::string& image) {
  if (reason == "ErrImagePull") {
    return {{"Warning", "Failed", "Failed to pull image \"" + image + "\": " + message},
            {"Warning", "Failed", "Error: ErrImagePull"}};
  }
  if (reason == "ImagePullBackOff") {
    return {{"Normal", "BackOff", "Back-off pulling image \"" + image + "\""},
            {"Warning", "Failed", "Error: ImagePullBackOff"}};
  }
  if (reason == "CreateContainerConfigError" || reason == "CreateContainerError") {
    return {{"Normal", "Pulled", "Container image \"" + image + "\" already present on machine"},
            {"Warning", "Failed", "Error: " + message}};
  }
  return {};
}

// A patch's `$at` strings become the step's time (conditions' lastTransitionTime and the like,
// so they agree with the rest of the scenario whenever it is played).
json with_step_time(const json& value, const std::string& time) {
  if (value.is_string() && value.get<std::string>() == "$at") {
    return time;
  }
  json out = value;
  if (value.is_structured()) {
    for (auto& item : out.items()) {
      item.value() = with_step_time(item.value(), time);
    }
  }
  return out;
}

// fieldsV1 of a managedFields entry: the fields a patch sets ("f:<name>" for each key, nested
// for mappings; a list is owned as a whole, and a null deletes rather than owns).
json managed_fields_v1(const json& patch) {
  json fields = json::object();
  for (const auto& [key, value] : patch.items()) {
    if (!value.is_null()) {
      fields["f:" + key] = value.is_object() ? managed_fields_v1(value) : json::object();
    }
  }
  return fields;
}

// As the apiserver's field manager: one Update entry per manager, API version and subresource,
// its time the last update's and its fields the union of what it set.
void record_managed_fields(json& metadata, const json& entry) {
  json& entries = metadata["managedFields"];
  if (!entries.is_array()) {
    entries = json::array();
  }
  for (auto& existing : entries) {
    if (existing.value("manager", "") == entry["manager"] &&
        existing.value("operation", "") == "Update" &&
        existing.value("apiVersion", "") == entry["apiVersion"] &&
        existing.value("subresource", "") == entry.value("subresource", "")) {
      existing["time"] = entry["time"];
      existing["fieldsV1"].merge_patch(entry["fieldsV1"]);
      return;
    }
  }
  entries.push_back(entry);
}

}  // namespace

std::string derived_uid(const std::string& seed) {
  std::string hex = hex_digest(seed, 2);
  hex[12] = '4';
  hex[16] = "89ab"[hex[16] % 4];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

ScenarioPlayer::ScenarioPlayer(Cluster& cluster, Scenario scenario, TimePoint start)
    : cluster_(cluster), recorder_(cluster), scenario_(std::move(scenario)), start_(start) {}

void ScenarioPlayer::resolve_owners(json& metadata, const std::string& namespace_name) const {
  if (!metadata.contains("ownerReferences") || !metadata["ownerReferences"].is_array()) {
    return;
  }
  for (auto& owner : metadata["ownerReferences"]) {
    if (owner.value("uid", "").empty()) {
      const ResourceType* type =
          find_resource_by_kind(owner.value("apiVersion", ""), owner.value("kind", ""));
      ObjectPtr found = type == nullptr ? nullptr
                                        : cluster_.store().get(type->storage, namespace_name,
                                                               owner.value("name", ""));
      owner["uid"] = found ? found->uid
                           : derived_uid(owner.value("kind", "") + "/" + namespace_name + "/" +
                                         owner.value("name", ""));
    }
    if (!owner.contains("controller")) {
      owner["controller"] = true;
    }
    if (!owner.contains("blockOwnerDeletion")) {
      owner["blockOwnerDeletion"] = true;
    }
  }
}

Status ScenarioPlayer::begin() {
  for (const auto& name : scenario_.namespaces) {
    cluster_.ensure_namespace(name);
  }
  for (const auto& original : scenario_.objects) {
    json object = original;
    json& metadata = object["metadata"];
    std::string name = metadata.value("name", "");
    std::string namespace_name = metadata.value("namespace", "");
    if (metadata.value("uid", "").empty()) {
      metadata["uid"] = derived_uid(object.value("kind", "") + "/" + namespace_name + "/" + name);
    }
    if (!metadata.contains("creationTimestamp")) {
      metadata["creationTimestamp"] = format_time(start_);
    }
    resolve_owners(metadata, namespace_name);
    auto stored = cluster_.put(object);
    if (!stored) {
      return Error{stored.error().message, "scenario " + scenario_.name + ": object " + name};
    }
  }
  begun_ = true;
  return ok_status();
}

Status ScenarioPlayer::advance_to(std::chrono::milliseconds offset) {
  std::lock_guard lock(mutex_);
  if (!begun_) {
    if (auto started = begin(); !started) {
      return started;
    }
  }
  while (next_step_ < scenario_.steps.size() && scenario_.steps[next_step_].at <= offset) {
    const ScenarioStep& step = scenario_.steps[next_step_];
    ++next_step_;
    if (auto applied = apply(step); !applied) {
      return applied;
    }
  }
  position_ = std::max(position_, offset);
  if (time_follower_) {
    time_follower_(start_ + position_);
  }
  return ok_status();
}

Status ScenarioPlayer::advance_by(std::chrono::milliseconds step) {
  return advance_to(position() + step);
}

Status ScenarioPlayer::finish() {
  auto last = scenario_.steps.empty() ? std::chrono::milliseconds(0) : scenario_.steps.back().at;
  return advance_to(std::max(last, position()));
}

std::chrono::milliseconds ScenarioPlayer::position() const {
  std::lock_guard lock(mutex_);
  return position_;
}

std::optional<std::chrono::milliseconds> ScenarioPlayer::next_step_at() const {
  std::lock_guard lock(mutex_);
  if (next_step_ >= scenario_.steps.size()) {
    return std::nullopt;
  }
  return scenario_.steps[next_step_].at;
}

bool ScenarioPlayer::finished() const {
  std::lock_guard lock(mutex_);
  return begun_ && next_step_ >= scenario_.steps.size();
}

Expected<json> ScenarioPlayer::current_pod(const ScenarioPod& pod) const {
  std::string name = pod.metadata["name"].get<std::string>();
  std::string namespace_name = pod.metadata["namespace"].get<std::string>();
  ObjectPtr stored = cluster_.store().get("pods", namespace_name, name);
  if (!stored) {
    return Error{"pod " + namespace_name + "/" + name +
                 " does not exist at this point; add a `create: {}` step before"};
  }
  json object = json::parse(stored->json);
  object["apiVersion"] = "v1";
  object["kind"] = "Pod";
  return object;
}

std::string ScenarioPlayer::next_container_id(const ScenarioPod& pod,
                                              const std::string& container) {
  std::string key = pod.metadata["namespace"].get<std::string>() + "/" +
                    pod.metadata["name"].get<std::string>() + "/" + container;
  int instance = instances_[key]++;
  return "containerd://" + hex_digest(key + "#" + std::to_string(instance), 4);
}

void ScenarioPlayer::record_event(const json& pod, const std::string& type,
                                  const std::string& reason, const std::string& message,
                                  const std::string& container, TimePoint at) {
  std::string list = "containers";
  for (const auto& spec : pod["spec"].value("initContainers", json::array())) {
    if (spec.value("name", "") == container) {
      list = "initContainers";
    }
  }
  std::string field_path = container.empty() ? "" : "spec." + list + "{" + container + "}";
  std::string component = reason == "Scheduled" ? "default-scheduler" : "kubelet";
  (void)recorder_.record(kubesim::pod_event(pod, type, reason, message, field_path, component, at,
                                            events_recorded_++));
}

void ScenarioPlayer::record_started_events(const PodStep& step, const std::string& container) {
  if (!scenario_.kubelet_events) {
    return;
  }
  record_event(step.pod, "Normal", "Pulled",
               "Container image \"" + image_of_container(step.pod, container) +
                   "\" already present on machine",
               container, step.at);
  record_event(step.pod, "Normal", "Created", "Created container: " + container, container,
               step.at);
  record_event(step.pod, "Normal", "Started", "Started container " + container, container, step.at);
}

Status ScenarioPlayer::apply(const ScenarioStep& step) {
  if (!step.object.is_null()) {
    return apply_object_step(step);
  }
  if (step.action == "create") {
    return create_pod(step);
  }
  static const std::map<std::string, PodAction> kActions = {
      {"start", &ScenarioPlayer::start},         {"log", &ScenarioPlayer::log},
      {"terminate", &ScenarioPlayer::terminate}, {"backoff", &ScenarioPlayer::back_off},
      {"wait", &ScenarioPlayer::wait},           {"restart", &ScenarioPlayer::restart},
      {"event", &ScenarioPlayer::event_step},    {"fail", &ScenarioPlayer::fail},
      {"reject", &ScenarioPlayer::reject},       {"evict", &ScenarioPlayer::evict},
      {"delete", &ScenarioPlayer::remove},
  };
  const ScenarioPod& spec = scenario_.pods[step.pod];
  auto current = current_pod(spec);
  if (!current) {
    return Error{current.error().message, step.where};
  }
  PodStep pod_step{step, spec, std::move(current).value(), start_ + step.at,
                   step.arguments.value("container", "")};
  // Single-container actions default to the pod's only container (the parser checked).
  static const std::set<std::string> kPodWide = {"start",  "event", "fail",
                                                 "reject", "evict", "delete"};
  if (pod_step.container.empty() && kPodWide.count(step.action) == 0) {
    pod_step.container = container_names(pod_step.pod).front();
  }
  Status done = (this->*kActions.at(step.action))(pod_step);
  if (done && pod_step.store) {
    if (auto stored = cluster_.put(pod_step.pod); !stored) {
      done = stored.error();
    }
  }
  return done ? done : Status(Error{done.error().message, step.where});
}

Status ScenarioPlayer::create_pod(const ScenarioStep& step) {
  const ScenarioPod& pod_spec = scenario_.pods[step.pod];
  TimePoint at = start_ + step.at;
  json pod = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", pod_spec.metadata},
              {"spec", pod_spec.spec}};
  std::string namespace_name = pod_spec.metadata["namespace"].get<std::string>();
  std::string name = pod_spec.metadata["name"].get<std::string>();
  pod["metadata"]["uid"] = derived_uid("Pod/" + namespace_name + "/" + name);
  resolve_owners(pod["metadata"], namespace_name);
  cluster_.ensure_namespace(namespace_name);
  json scheduled = schedule_pod(pod, at);
  auto stored = cluster_.put(scheduled);
  if (!stored) {
    return Error{stored.error().message, step.where};
  }
  if (scenario_.kubelet_events) {
    record_event(scheduled, "Normal", "Scheduled",
                 "Successfully assigned " + namespace_name + "/" + name + " to " +
                     scheduled["spec"].value("nodeName", ""),
                 "", at);
  }
  return ok_status();
}

Status ScenarioPlayer::start(PodStep& step) {
  std::vector<std::string> names =
      step.container.empty() ? container_names(step.pod) : std::vector<std::string>{step.container};
  std::vector<std::string> ids;
  for (const auto& name : names) {
    ids.push_back(next_container_id(step.spec, name));
  }
  if (auto started = start_containers(step.pod, names, ids, step.at); !started) {
    return started;
  }
  std::string log = step.step.arguments.value("log", "");
  if (!log.empty()) {
    if (names.size() != 1) {
      return Error{"`log:` on start needs `container:` when a pod has several"};
    }
    cluster_.logs().append(ids.front(), log, step.at);
  }
  for (const auto& name : names) {
    record_started_events(step, name);
  }
  return ok_status();
}

Status ScenarioPlayer::log(PodStep& step) {
  step.store = false;
  std::string id = current_container_id(step.pod, step.container);
  if (id.empty()) {
    return Error{"container \"" + step.container + "\" has not started; add a start step first"};
  }
  cluster_.logs().append(id, step.step.arguments.value("text", ""), step.at);
  return ok_status();
}

Status ScenarioPlayer::terminate(PodStep& step) {
  const json& arguments = step.step.arguments;
  std::string id = current_container_id(step.pod, step.container);
  std::string log = arguments.value("log", "");
  if (!log.empty()) {
    if (id.empty()) {
      return Error{"container \"" + step.container + "\" never started, so it has no log"};
    }
    cluster_.logs().append(id, log, step.at);
  }
  Termination termination;
  termination.exit_code = arguments.value("exitCode", 0);
  termination.reason = arguments.value("reason", "");
  termination.message = arguments.value("message", "");
  termination.signal = arguments.value("signal", 0);
  if (termination.message.empty() && termination.exit_code != 0 && !id.empty() &&
      termination_policy(step.pod, step.container) == "FallbackToLogsOnError") {
    termination.message = log_tail_message(cluster_.logs().text(id));
  }
  return terminate_container(step.pod, step.container, termination, step.at);
}

Status ScenarioPlayer::back_off(PodStep& step) {
  if (auto backed_off = back_off_container(step.pod, step.container, step.at,
                                           step.step.arguments.value("restartCount", -1));
      !backed_off) {
    return backed_off;
  }
  if (scenario_.kubelet_events) {
    const json& metadata = step.pod["metadata"];
    record_event(step.pod, "Warning", "BackOff",
                 "Back-off restarting failed container " + step.container + " in pod " +
                     metadata.value("name", "") + "_" + metadata.value("namespace", "") + "(" +
                     metadata.value("uid", "") + ")",
                 step.container, step.at);
  }
  return ok_status();
}

Status ScenarioPlayer::wait(PodStep& step) {
  std::string reason = step.step.arguments.value("reason", "");
  std::string message = step.step.arguments.value("message", "");
  if (reason.empty()) {
    return Error{"wait needs a reason, e.g. ErrImagePull"};
  }
  if (auto waited = wait_container(step.pod, step.container, reason, message, step.at); !waited) {
    return waited;
  }
  if (scenario_.kubelet_events) {
    std::string image = image_of_container(step.pod, step.container);
    for (const auto& event : waiting_events(reason, message, image)) {
      record_event(step.pod, event.type, event.reason, event.message, step.container, step.at);
    }
  }
  return ok_status();
}

Status ScenarioPlayer::restart(PodStep& step) {
  std::string id = next_container_id(step.spec, step.container);
  if (auto restarted = restart_container(step.pod, step.container, id, step.at); !restarted) {
    return restarted;
  }
  std::string log = step.step.arguments.value("log", "");
  if (!log.empty()) {
    cluster_.logs().append(id, log, step.at);
  }
  record_started_events(step, step.container);
  return ok_status();
}

Status ScenarioPlayer::event_step(PodStep& step) {
  step.store = false;
  const json& arguments = step.step.arguments;
  if (arguments.value("reason", "").empty()) {
    return Error{"an event needs a reason"};
  }
  auto stored = recorder_.record(
      kubesim::pod_event(step.pod, arguments.value("type", "Normal"), arguments.value("reason", ""),
                         arguments.value("message", ""), arguments.value("fieldPath", ""),
                         arguments.value("component", "kubelet"), step.at, events_recorded_++));
  return stored ? ok_status() : Status(stored.error());
}

Status ScenarioPlayer::fail(PodStep& step) {
  const json& arguments = step.step.arguments;
  static const std::map<std::string, FailedContainers> kContainers = {
      {"unknown", FailedContainers::Unknown},
      {"sigterm", FailedContainers::Sigterm},
      {"sigkill", FailedContainers::Sigkill},
      {"unchanged", FailedContainers::Unchanged}};
  PodFailure failure{arguments.value("reason", ""), arguments.value("message", ""),
                     kContainers.at(arguments.value("containers", "unknown")),
                     arguments.value("disruption", "")};
  std::vector<std::string> stopped = fail_pod(step.pod, failure, step.at);
  if (!scenario_.kubelet_events) {
    return ok_status();
  }
  // The kubelet records these terminations under the status reason; Killing for each
  // container it stops.
  // (type by reason: the eviction manager and kubelet preemption warn, the active deadline
  // handler records a Normal Event).
  static const std::map<std::string, std::string> kRecorded = {
      {"Evicted", "Warning"}, {"Preempting", "Warning"}, {"DeadlineExceeded", "Normal"}};
  if (auto recorded = kRecorded.find(failure.reason); recorded != kRecorded.end()) {
    record_event(step.pod, recorded->second, failure.reason, failure.message, "", step.at);
  }
  for (const auto& name : stopped) {
    if (failure.containers != FailedContainers::Unchanged) {
      record_event(step.pod, "Normal", "Killing", "Stopping container " + name, name, step.at);
    }
  }
  return ok_status();
}

Status ScenarioPlayer::reject(PodStep& step) {
  const std::string reason = step.step.arguments.value("reason", "");
  const std::string message = step.step.arguments.value("message", "");
  reject_pod(step.pod, reason, message, step.at);
  if (scenario_.kubelet_events) {
    // rejectPod records the admit handler's message, without the status's prefix.
    record_event(step.pod, "Warning", reason, message, "", step.at);
  }
  return ok_status();
}

Status ScenarioPlayer::evict(PodStep& step) {
  std::string message =
      step.step.arguments.value("message", "The node was low on resource: memory. ");
  evict_pod(step.pod, message, step.at);
  if (scenario_.kubelet_events) {
    record_event(step.pod, "Warning", "Evicted", message, "", step.at);
  }
  return ok_status();
}

Status ScenarioPlayer::remove(PodStep& step) {
  step.store = false;
  if (scenario_.kubelet_events) {
    for (const auto& status : step.pod["status"]["containerStatuses"]) {
      if (status.contains("state") && status["state"].contains("running")) {
        record_event(step.pod, "Normal", "Killing",
                     "Stopping container " + status.value("name", ""), status.value("name", ""),
                     step.at);
      }
    }
  }
  cluster_.erase(pods_type(), step.pod["metadata"].value("namespace", ""),
                 step.pod["metadata"].value("name", ""));
  return ok_status();
}

Status ScenarioPlayer::apply_object_step(const ScenarioStep& step) {
  const ResourceType* type =
      find_resource_by_kind(step.object.value("apiVersion", ""), step.object.value("kind", ""));
  if (type == nullptr) {
    return Error{"kubesim does not serve kind \"" + step.object.value("kind", "") + "\" in \"" +
                     step.object.value("apiVersion", "") + "\"",
                 step.where};
  }
  TimePoint at = start_ + step.at;
  Status done =
      step.action == "patch" ? patch_object(step, *type, at) : object_event(step, *type, at);
  return done ? done : Status(Error{done.error().message, step.where});
}

Status ScenarioPlayer::patch_object(const ScenarioStep& step, const ResourceType& type,
                                    TimePoint at) {
  std::string namespace_name = type.namespaced ? step.object.value("namespace", "default") : "";
  bool status_only = step.arguments.size() == 1 && step.arguments.contains("status");
  json entry = {{"manager", step.manager.empty() ? "kubesim" : step.manager},
                {"operation", "Update"},
                {"apiVersion", type.group_version()},
                {"time", format_time(at)},
                {"fieldsType", "FieldsV1"},
                {"fieldsV1", managed_fields_v1(step.arguments)}};
  if (status_only) {
    entry["subresource"] = "status";
  }
  json patch = with_step_time(step.arguments, format_time(at));
  auto updated = cluster_.store().update(
      type.storage, type.group_resource(), namespace_name, step.object.value("name", ""),
      [&](json& stored) -> std::optional<ApiError> {
        json spec_before = stored.value("spec", json());
        stored.merge_patch(patch);
        json& metadata = stored["metadata"];
        if (metadata.contains("generation") && stored.value("spec", json()) != spec_before) {
          metadata["generation"] = metadata["generation"].get<long long>() + 1;
        }
        record_managed_fields(metadata, entry);
        return std::nullopt;
      });
  if (!updated) {
    return Error{updated.error().message};
  }
  return ok_status();
}

Status ScenarioPlayer::object_event(const ScenarioStep& step, const ResourceType& type,
                                    TimePoint at) {
  const json& arguments = step.arguments;
  if (arguments.value("reason", "").empty()) {
    return Error{"an event needs a reason"};
  }
  std::string name = step.object.value("name", "");
  json involved;
  if (type.kind == "Node") {
    // The kubelet's reference to its node: the name as uid, no namespace.
    involved = {{"kind", "Node"}, {"name", name}, {"uid", name}};
  } else {
    std::string namespace_name = type.namespaced ? step.object.value("namespace", "default") : "";
    ObjectPtr stored = cluster_.store().get(type.storage, namespace_name, name);
    if (!stored) {
      return Error{type.kind + " " + name + " does not exist at this point"};
    }
    involved = {{"kind", type.kind},
                {"name", name},
                {"uid", stored->uid},
                {"apiVersion", type.group_version()},
                {"resourceVersion", std::to_string(stored->resource_version)}};
    if (!namespace_name.empty()) {
      involved["namespace"] = namespace_name;
    }
  }
  std::string component = arguments.value("component", "kubelet");
  EventSource source{component, component == "kubelet" ? "kubesim-node-1" : ""};
  if (type.kind == "Node" && component == "kubelet") {
    source.host = name;
  }
  auto stored = recorder_.record(kubesim::object_event(
      involved, arguments.value("type", "Normal"), arguments.value("reason", ""),
      arguments.value("message", ""), source, at, events_recorded_++));
  return stored ? ok_status() : Status(stored.error());
}

}  // namespace kexit::kubesim
