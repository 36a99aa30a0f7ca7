#include "kube/event_evidence.h"

#include <algorithm>

#include "base/text.h"
#include "kube/api_time.h"

namespace kexit::kube {
namespace {

using std::chrono::duration_cast;

// The Events of one list, or why there are none.
Expected<std::vector<EventFacts>> list_events(EvidenceReader& reader,
                                              const std::string& namespace_name,
                                              const std::string& field_selector, int limit) {
  KEXIT_ASSIGN(response, reader.read_events(namespace_name, field_selector, limit));
  if (!response.ok()) {
    ApiStatus status = response.status_object();
    return Error{"HTTP " + std::to_string(response.status) +
                 (status.message.empty() ? "" : ": " + status.message)};
  }
  KEXIT_ASSIGN(list, response.json());
  std::vector<EventFacts> events;
  const auto items = list.find("items");
  if (items == list.end() || !items->is_array()) {
    return events;
  }
  for (std::size_t i = 0; i < items->size(); ++i) {
    // An Event the server mangled is skipped, not fatal: the others are still evidence.
    auto event = parse_event((*items)[i], "events", ".items[" + std::to_string(i) + "]");
    if (event) {
      events.push_back(std::move(event).value());
    }
  }
  return events;
}

std::optional<TimePoint> latest_finish(const PodFacts& pod) {
  std::optional<TimePoint> latest;
  for (const auto& container : pod.to_diagnose) {
    auto finished = parse_api_time(container.termination.finished_at);
    if (finished && (!latest || *finished > *latest)) {
      latest = finished;
    }
  }
  return latest;
}

// When it ended: the latest finishedAt, else (a pod the kubelet refused or failed as a whole,
// no container terminated) the last time of the pod's Event under its status reason, which
// the kubelet records as it fails the pod.
std::optional<TimePoint> termination_time(const PodFacts& pod) {
  if (auto finished = latest_finish(pod)) {
    return finished;
  }
  std::optional<TimePoint> latest;
  for (const auto& event : pod.events) {
    auto last = parse_api_time(event.last_time);
    if (!pod.reason.empty() && event.reason == pod.reason && last && (!latest || *last > *latest)) {
      latest = last;
    }
  }
  return latest;
}

std::string age_text(std::chrono::seconds age) {
  auto hours = duration_cast<std::chrono::hours>(age).count();
  if (hours >= 48) {
    return std::to_string(hours / 24) + "d";
  }
  if (hours >= 1) {
    return std::to_string(hours) + "h";
  }
  return std::to_string(duration_cast<std::chrono::minutes>(age).count()) + "m";
}

// With no Events and a termination older than the Event TTL, silence is expected, not news.
void note_expired_events(PodFacts& pod, TimePoint now, const EventLimits& limits) {
  auto finished = latest_finish(pod);
  if (!pod.events.empty() || !finished || now - *finished < limits.event_ttl) {
    return;
  }
  pod.evidence_notes.push_back(
      "no Events found for the pod: they have probably expired (the API server keeps Events " +
      age_text(limits.event_ttl) + " by default, --event-ttl) and the termination finished " +
      age_text(duration_cast<std::chrono::seconds>(now - *finished)) + " ago");
}

bool near_termination(const EventFacts& event, std::optional<TimePoint> finished,
                      const EventLimits& limits) {
  auto last = parse_api_time(event.last_time);
  if (!finished || !last) {
    return true;
  }
  return *last >= *finished - limits.node_window_before &&
         *last <= *finished + limits.node_window_after;
}

void read_node_events(EvidenceReader& reader, PodFacts& pod, const EventLimits& limits) {
  // Node Events live in namespace default (the kubelet records them on the Node object).
  auto events =
      list_events(reader, "default", "involvedObject.kind=Node,involvedObject.name=" + pod.node,
                  limits.max_events);
  if (!events) {
    pod.evidence_notes.push_back("node context missing: the Events of node " + pod.node +
                                 " could not be read (" + events.error().message +
                                 "; needs list events in namespace default)");
    return;
  }
  pod.node_events = node_events_around_termination(pod, std::move(events).value(), limits);
}

}  // namespace

bool refused_at_admission(const PodFacts& pod) {
  // The reasons of the kubelet's admit handlers: pkg/kubelet/lifecycle/predicate.go (OutOf +
  // the resource, and the scheduler's AdmissionCheck plugins by name), lifecycle/handlers.go's
  // (AppArmor before 1.30, pod-level resources, pod features), the topology manager's, the CPU
  // manager's static policy's (SMTAlignmentError, with full-pcpus-only) and the sysctl
  // allow-list's; the eviction manager's and graceful shutdown's refusals are Evicted and
  // NodeShutdown, kept with the node's other reasons below. Newer kubelets also start the
  // message with "Pod was rejected: " (kubelet.go rejectPod), whatever refused.
  static const char* const kAdmissionReasons[] = {"NodeAffinity",
                                                  "NodeName",
                                                  "NodePorts",
                                                  "TaintToleration",
                                                  "PodOSNotSupported",
                                                  "PodOSSelectorNodeLabelDoesNotMatch",
                                                  "InvalidNodeInfo",
                                                  "InitContainerRestartPolicyForbidden",
                                                  "SupplementalGroupsPolicyNotSupported",
                                                  "UnexpectedAdmissionError",
                                                  "UnexpectedPredicateFailureType",
                                                  "UnknownReason",
                                                  "TopologyAffinityError",
                                                  "SMTAlignmentError",
                                                  "AppArmor",
                                                  "PodLevelResourcesNotSupported",
                                                  "PodFeatureUnsupported",
                                                  "SysctlForbidden"};
  if (pod.phase != "Failed" || pod.reason.empty()) {
    return false;
  }
  return starts_with(pod.message, "Pod was rejected: ") || starts_with(pod.reason, "OutOf") ||
         std::any_of(std::begin(kAdmissionReasons), std::end(kAdmissionReasons),
                     [&](const char* reason) { return pod.reason == reason; });
}

bool may_be_node_level(const PodFacts& pod) {
  static const char* const kNodeReasons[] = {"Evicted",    "Shutdown",   "NodeShutdown",
                                             "Terminated", "Preempting", "NodeLost"};
  if (refused_at_admission(pod) ||
      std::any_of(std::begin(kNodeReasons), std::end(kNodeReasons),
                  [&](const char* reason) { return pod.reason == reason; })) {
    return true;
  }
  return std::any_of(pod.to_diagnose.begin(), pod.to_diagnose.end(), [](const auto& container) {
    const Termination& termination = container.termination;
    const bool sigkill = termination.signal == 9 || termination.exit_code == 137;
    return (sigkill && termination.reason != "OOMKilled") ||
           termination.reason == "ContainerStatusUnknown";
  });
}

std::vector<EventFacts> node_events_around_termination(const PodFacts& pod,
                                                       std::vector<EventFacts> node_events,
                                                       const EventLimits& limits) {
  std::vector<EventFacts> kept;
  if (!may_be_node_level(pod)) {
    return kept;
  }
  auto finished = termination_time(pod);
  for (auto& event : node_events) {
    if (near_termination(event, finished, limits)) {
      kept.push_back(std::move(event));
    }
  }
  return kept;
}

void read_events(EvidenceReader& reader, PodFacts& pod, TimePoint now, const EventLimits& limits) {
  const std::string selector =
      pod.uid.empty() ? "involvedObject.name=" + pod.name : "involvedObject.uid=" + pod.uid;
  auto events = list_events(reader, pod.namespace_name, selector, limits.max_events);
  if (events) {
    pod.events = std::move(events).value();
    note_expired_events(pod, now, limits);
  } else {
    pod.evidence_notes.push_back("the pod's Events could not be read (" + events.error().message +
                                 "; needs list events in namespace " + pod.namespace_name + ")");
  }
  if (!pod.node.empty() && may_be_node_level(pod)) {
    read_node_events(reader, pod, limits);
  }
  add_pod_failure(pod);
}

}  // namespace kexit::kube
