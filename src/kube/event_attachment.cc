#include "kube/event_attachment.h"

#include "kube/event_evidence.h"

namespace kexit::kube {
namespace {

bool is_about(const EventFacts& event, const PodFacts& pod) {
  if (event.object_kind != "Pod" && !event.object_kind.empty()) {
    return false;
  }
  // A uid names one incarnation of the pod; a StatefulSet's replacement has the same name.
  if (!event.object_uid.empty() && !pod.uid.empty()) {
    return event.object_uid == pod.uid;
  }
  const std::string& event_namespace =
      event.object_namespace.empty() ? std::string("default") : event.object_namespace;
  return event.object_name == pod.name && event_namespace == pod.namespace_name;
}

}  // namespace

std::size_t attach_events(std::vector<PodFacts>& pods, const std::vector<EventFacts>& events) {
  std::size_t left_out = 0;
  for (const auto& event : events) {
    bool attached = false;
    for (auto& pod : pods) {
      if (event.object_kind == "Node") {
        if (!pod.node.empty() && pod.node == event.object_name) {
          pod.node_events.push_back(event);
          attached = true;
        }
      } else if (is_about(event, pod)) {
        pod.events.push_back(event);
        attached = true;
      }
    }
    left_out += attached ? 0 : 1;
  }
  for (auto& pod : pods) {
    add_pod_failure(pod);
    // As in cluster mode: only a termination that may be the node's doing gets the node's
    // Events, and only those around it; a crash beside a node's OOM is not the node's.
    pod.node_events = node_events_around_termination(pod, std::move(pod.node_events));
  }
  return left_out;
}

}  // namespace kexit::kube
