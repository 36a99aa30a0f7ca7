#include "kubesim/scenario_player.h"

#include <cstdio>

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

}  // namespace

std::string derived_uid(const std::string& seed) {
  std::string hex = hex_digest(seed, 2);
  hex[12] = '4';
  hex[16] = "89ab"[hex[16] % 4];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

ScenarioPlayer::ScenarioPlayer(Cluster& cluster, Scenario scenario, TimePoint start)
    : cluster_(cluster), scenario_(std::move(scenario)), start_(start) {}

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
                     " does not exist at this point; add a `create: {}` step before",
                 ""};
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
  std::string field_path = container.empty() ? "" : "spec.containers{" + container + "}";
  std::string component = reason == "Scheduled" ? "default-scheduler" : "kubelet";
  json event = pod_event(pod, type, reason, message, field_path, component, at, events_recorded_++);
  (void)cluster_.put(event);
}

Status ScenarioPlayer::apply(const ScenarioStep& step) {
  const ScenarioPod& pod_spec = scenario_.pods[step.pod];
  TimePoint at = start_ + step.at;
  const json& arguments = step.arguments;
  std::string container = arguments.value("container", "");
  auto fail = [&](const Error& error) -> Status { return Error{error.message, step.where}; };
  bool events = scenario_.kubelet_events;

  if (step.action == "create") {
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
      return fail(stored.error());
    }
    if (events) {
      record_event(scheduled, "Normal", "Scheduled",
                   "Successfully assigned " + namespace_name + "/" + name + " to " +
                       scheduled["spec"].value("nodeName", ""),
                   "", at);
    }
    return ok_status();
  }

  auto current = current_pod(pod_spec);
  if (!current) {
    return fail(current.error());
  }
  json pod = std::move(current).value();
  // Single-container actions default to the pod's only container (the parser checked).
  if (container.empty() && step.action != "start" && step.action != "event" &&
      step.action != "evict" && step.action != "delete") {
    container = container_names(pod).front();
  }
  std::string log = arguments.value("log", "");
  auto image = [&](const std::string& name) {
    for (const auto& spec : pod["spec"]["containers"]) {
      if (spec.value("name", "") == name) {
        return spec.value("image", "");
      }
    }
    return std::string();
  };
  auto started_events = [&](const std::string& name) {
    if (!events) {
      return;
    }
    record_event(pod, "Normal", "Pulled",
                 "Container image \"" + image(name) + "\" already present on machine", name, at);
    record_event(pod, "Normal", "Created", "Created container: " + name, name, at);
    record_event(pod, "Normal", "Started", "Started container " + name, name, at);
  };

  if (step.action == "start") {
    std::vector<std::string> names =
        container.empty() ? container_names(pod) : std::vector<std::string>{container};
    std::vector<std::string> ids;
    for (const auto& name : names) {
      ids.push_back(next_container_id(pod_spec, name));
    }
    if (auto started = start_containers(pod, names, ids, at); !started) {
      return fail(started.error());
    }
    if (!log.empty()) {
      if (names.size() != 1) {
        return Error{"`log:` on start needs `container:` when a pod has several", step.where};
      }
      cluster_.logs().append(ids.front(), log, at);
    }
    for (const auto& name : names) {
      started_events(name);
    }
  } else if (step.action == "log") {
    std::string id = current_container_id(pod, container);
    if (id.empty()) {
      return Error{"container \"" + container + "\" has not started; add a start step first",
                   step.where};
    }
    cluster_.logs().append(id, arguments.value("text", ""), at);
    return ok_status();
  } else if (step.action == "terminate") {
    std::string id = current_container_id(pod, container);
    if (!log.empty()) {
      if (id.empty()) {
        return Error{"container \"" + container + "\" never started, so it has no log", step.where};
      }
      cluster_.logs().append(id, log, at);
    }
    Termination termination;
    termination.exit_code = arguments.value("exitCode", 0);
    termination.reason = arguments.value("reason", "");
    termination.message = arguments.value("message", "");
    termination.signal = arguments.value("signal", 0);
    if (termination.message.empty() && termination.exit_code != 0 && !id.empty() &&
        termination_policy(pod, container) == "FallbackToLogsOnError") {
      termination.message = log_tail_message(cluster_.logs().text(id));
    }
    if (auto terminated = terminate_container(pod, container, termination, at); !terminated) {
      return fail(terminated.error());
    }
  } else if (step.action == "backoff") {
    if (auto backed_off =
            back_off_container(pod, container, at, arguments.value("restartCount", -1));
        !backed_off) {
      return fail(backed_off.error());
    }
    if (events) {
      record_event(pod, "Warning", "BackOff",
                   "Back-off restarting failed container " + container + " in pod " +
                       pod["metadata"].value("name", "") + "_" +
                       pod["metadata"].value("namespace", "") + "(" +
                       pod["metadata"].value("uid", "") + ")",
                   container, at);
    }
  } else if (step.action == "wait") {
    std::string reason = arguments.value("reason", "");
    if (reason.empty()) {
      return Error{"wait needs a reason, e.g. ErrImagePull", step.where};
    }
    if (auto waited = wait_container(pod, container, reason, arguments.value("message", ""), at);
        !waited) {
      return fail(waited.error());
    }
    if (events && (reason == "ErrImagePull" || reason == "ImagePullBackOff")) {
      record_event(
          pod, "Warning", reason == "ErrImagePull" ? "Failed" : "BackOff",
          reason == "ErrImagePull"
              ? arguments.value("message", "Failed to pull image \"" + image(container) + "\"")
              : "Back-off pulling image \"" + image(container) + "\"",
          container, at);
    }
  } else if (step.action == "restart") {
    std::string id = next_container_id(pod_spec, container);
    if (auto restarted = restart_container(pod, container, id, at); !restarted) {
      return fail(restarted.error());
    }
    if (!log.empty()) {
      cluster_.logs().append(id, log, at);
    }
    started_events(container);
  } else if (step.action == "event") {
    if (arguments.value("reason", "").empty()) {
      return Error{"an event needs a reason", step.where};
    }
    json event = pod_event(pod, arguments.value("type", "Normal"), arguments.value("reason", ""),
                           arguments.value("message", ""), arguments.value("fieldPath", ""),
                           arguments.value("component", "kubelet"), at, events_recorded_++);
    auto stored = cluster_.put(event);
    if (!stored) {
      return fail(stored.error());
    }
    return ok_status();
  } else if (step.action == "evict") {
    std::string message = arguments.value("message", "The node was low on resource: memory. ");
    evict_pod(pod, message, at);
    if (events) {
      record_event(pod, "Warning", "Evicted", message, "", at);
    }
  } else if (step.action == "delete") {
    if (events) {
      for (const auto& status : pod["status"]["containerStatuses"]) {
        if (status.contains("state") && status["state"].contains("running")) {
          record_event(pod, "Normal", "Killing", "Stopping container " + status.value("name", ""),
                       status.value("name", ""), at);
        }
      }
    }
    cluster_.erase(pods_type(), pod["metadata"].value("namespace", ""),
                   pod["metadata"].value("name", ""));
    return ok_status();
  }
  auto stored = cluster_.put(pod);
  if (!stored) {
    return fail(stored.error());
  }
  return ok_status();
}

}  // namespace kexit::kubesim
