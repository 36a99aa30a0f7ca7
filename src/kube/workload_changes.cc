#include "kube/workload_changes.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>

#include "base/json_field_reader.h"
#include "kube/api_time.h"
#include "kube/pod_template_diff.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

constexpr const char* kRevisionAnnotation = "deployment.kubernetes.io/revision";

const json& metadata_of(const json& object) {
  static const json kEmpty = json::object();
  auto found = object.find("metadata");
  return found != object.end() && found->is_object() ? *found : kEmpty;
}

long revision_of(const json& replica_set) {
  const json& metadata = metadata_of(replica_set);
  auto annotations = metadata.find("annotations");
  if (annotations == metadata.end()) {
    return 0;
  }
  std::string text = string_or_empty(*annotations, kRevisionAnnotation);
  long revision = 0;
  std::from_chars(text.data(), text.data() + text.size(), revision);
  return revision;
}

const json& pod_template_of(const json& replica_set) {
  static const json kEmpty = json::object();
  auto spec = replica_set.find("spec");
  if (spec == replica_set.end() || !spec->is_object() || !spec->contains("template")) {
    return kEmpty;
  }
  return (*spec)["template"];
}

int terminations_of(const ContainerFacts& container) {
  if (container.outcome != ContainerOutcome::kTerminated) {
    return 0;
  }
  // A container running again has been restarted once per termination; one still dead or
  // waiting to restart has one termination more than restarts.
  const bool running = container.slot == TerminationSlot::kLast && container.waiting_reason.empty();
  return container.restart_count + (running ? 0 : 1);
}

// The episode's terminations: their count and the earliest and newest finish times shown.
void count_terminations(const std::vector<const PodFacts*>& pods, WorkloadChanges& changes) {
  std::optional<TimePoint> first;
  std::optional<TimePoint> last;
  for (const PodFacts* pod : pods) {
    for (const ContainerFacts& container : pod->to_diagnose) {
      changes.terminations += terminations_of(container);
      auto finished = parse_api_time(container.termination.finished_at);
      if (finished && (!first || *finished < *first)) {
        first = finished;
        changes.first_termination = container.termination.finished_at;
      }
      if (finished && (!last || *finished > *last)) {
        last = finished;
        changes.last_termination = container.termination.finished_at;
      }
    }
  }
}

// The ReplicaSets of the crashing pods' revision and of the one before it, newest first: the
// current one is the newest revision that owns a crashing pod, not the newest of all (a rollout
// may have started since, and its pods not crashed yet).
std::vector<const json*> current_and_previous(const std::vector<const PodFacts*>& pods,
                                              const std::vector<json>& replica_sets) {
  std::vector<const json*> sorted;
  for (const json& replica_set : replica_sets) {
    sorted.push_back(&replica_set);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const json* a, const json* b) { return revision_of(*a) > revision_of(*b); });
  auto owns_crashing_pod = [&](const json* replica_set) {
    const std::string name = string_or_empty(metadata_of(*replica_set), "name");
    return std::any_of(pods.begin(), pods.end(), [&](const PodFacts* pod) {
      return pod->owner_kind == "ReplicaSet" && pod->owner_name == name;
    });
  };
  auto current = std::find_if(sorted.begin(), sorted.end(), owns_crashing_pod);
  if (current == sorted.end()) {
    return {};
  }
  std::vector<const json*> pair{*current};
  if (current + 1 != sorted.end()) {
    pair.push_back(*(current + 1));
  }
  return pair;
}

std::optional<WorkloadChange> revision_change(const json& current, const json& previous) {
  WorkloadChange change;
  change.kind = "revision";
  change.time = string_or_empty(metadata_of(current), "creationTimestamp");
  change.object = "replicaset/" + string_or_empty(metadata_of(current), "name");
  change.summary = "revision " + std::to_string(revision_of(current)) + " (was " +
                   std::to_string(revision_of(previous)) + ")";
  change.details = diff_pod_templates(pod_template_of(previous), pod_template_of(current));
  if (change.details.empty()) {
    return std::nullopt;
  }
  return change;
}

// The newest managedFields time, and who wrote it: the apiserver records each manager's last
// update there, and a ConfigMap has no other update time.
std::optional<WorkloadChange> config_map_change(const json& config_map) {
  const json& metadata = metadata_of(config_map);
  WorkloadChange change;
  std::optional<TimePoint> newest;
  std::string manager;
  auto entries = metadata.find("managedFields");
  for (const json& entry : entries != metadata.end() && entries->is_array() ? *entries : json()) {
    std::string time = string_or_empty(entry, "time");
    auto parsed = parse_api_time(time);
    if (parsed && (!newest || *parsed > *newest)) {
      newest = parsed;
      change.time = time;
      manager = string_or_empty(entry, "manager");
    }
  }
  if (!newest) {
    return std::nullopt;
  }
  change.kind = "config-map";
  change.object = "configmap/" + string_or_empty(metadata, "name");
  const bool created = change.time == string_or_empty(metadata, "creationTimestamp");
  change.summary =
      std::string(created ? "created" : "updated") + (manager.empty() ? "" : " by " + manager);
  return change;
}

std::string joined(const std::set<std::string>& names) {
  std::string text;
  for (const auto& name : names) {
    text += (text.empty() ? "" : ", ") + name;
  }
  return text;
}

// The pods' nodes before and after: the kubelet keeps no pod's earlier node, so "before" is
// the workload's pods that do not crash. When the crashing ones run only on nodes none of those
// runs on, the move is a change, timed by the first crashing pod's creation (its placement).
std::optional<WorkloadChange> node_change(const std::vector<PodPlacement>& pods) {
  std::set<std::string> crashing;
  std::set<std::string> healthy;
  std::optional<TimePoint> placed;
  WorkloadChange change;
  for (const auto& pod : pods) {
    if (pod.node.empty()) {
      continue;
    }
    (pod.crashing ? crashing : healthy).insert(pod.node);
    auto created = parse_api_time(pod.created_at);
    if (pod.crashing && created && (!placed || *created < *placed)) {
      placed = created;
      change.time = pod.created_at;
    }
  }
  for (const auto& node : crashing) {
    if (healthy.empty() || healthy.count(node) != 0) {
      return std::nullopt;
    }
  }
  if (crashing.empty()) {
    return std::nullopt;
  }
  change.kind = "node";
  change.object = "node/" + *crashing.begin();
  change.summary = "the crashing pods run on " + joined(crashing) +
                   "; the workload's other pods on " + joined(healthy);
  return change;
}

// In the window when after its start (exclusive) and no later than the first termination.
bool in_window(const WorkloadChange& change, const std::optional<TimePoint>& start,
               const std::optional<TimePoint>& end) {
  auto time = parse_api_time(change.time);
  if (!time) {
    return false;
  }
  return (!start || *time > *start) && (!end || *time <= *end);
}

}  // namespace

WorkloadChanges changes_before_crash(const std::string& workload,
                                     const std::vector<const PodFacts*>& pods,
                                     const ChangeHistory& history) {
  WorkloadChanges changes;
  changes.workload = workload;
  changes.namespace_name = pods.empty() ? "" : pods.front()->namespace_name;
  changes.notes = history.notes;
  count_terminations(pods, changes);
  std::vector<WorkloadChange> candidates;
  auto revisions = current_and_previous(pods, history.replica_sets);
  if (revisions.size() == 2) {
    changes.window_start = string_or_empty(metadata_of(*revisions[1]), "creationTimestamp");
    if (auto change = revision_change(*revisions[0], *revisions[1])) {
      candidates.push_back(std::move(*change));
    }
  }
  for (const json& config_map : history.config_maps) {
    if (auto change = config_map_change(config_map)) {
      candidates.push_back(std::move(*change));
    }
  }
  if (auto change = node_change(history.pods)) {
    candidates.push_back(std::move(*change));
  }
  // The window. The kubelet keeps only a container's last termination, so the episode's first
  // termination is not known: the earliest one the pods still show is its latest possible
  // time, and a change after it did not start the episode. The last healthy run is not
  // recorded either: the previous revision ran until the current one replaced it, so its
  // creation is the start; without a previous revision the window is open.
  const auto start = parse_api_time(changes.window_start);
  const auto end = parse_api_time(changes.first_termination);
  for (auto& change : candidates) {
    if (in_window(change, start, end)) {
      changes.changes.push_back(std::move(change));
    }
  }
  std::stable_sort(changes.changes.begin(), changes.changes.end(),
                   [](const WorkloadChange& a, const WorkloadChange& b) {
                     return parse_api_time(a.time) < parse_api_time(b.time);
                   });
  return changes;
}

}  // namespace kexit::kube
