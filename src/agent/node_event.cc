#include "agent/node_event.h"

#include "agent/event_builder.h"
#include "agent/event_name.h"
#include "agent/event_note.h"
#include "base/text.h"
#include "kube/api_time.h"

namespace kexit::agent {
namespace {

constexpr std::size_t kMaxPodsAnnotationBytes = 1024;

std::string pod_list(const report::CorrelatedTerminations& group) {
  std::string pods;
  for (const std::string& pod : group.pods) {
    pods += (pods.empty() ? "" : ",") + pod;
  }
  return pods.size() <= kMaxPodsAnnotationBytes
             ? pods
             : truncate_utf8(pods, kMaxPodsAnnotationBytes - 3) + "...";
}

}  // namespace

nlohmann::json build_node_event(const report::CorrelatedTerminations& group,
                                const std::string& reporting_instance, kube::TimePoint now) {
  const std::string first_pod = group.pods.empty() ? "" : group.pods.front();
  return {
      {"apiVersion", "events.k8s.io/v1"},
      {"kind", "Event"},
      {"metadata",
       {{"name", event_name(group.node, group.cause + "/" + first_pod)},
        {"namespace", kNodeEventNamespace},
        {"labels", {{kEventLabelKey, kEventLabelValue}}},
        {"annotations", {{kCauseAnnotation, group.cause}, {kPodsAnnotation, pod_list(group)}}}}},
      {"eventTime", kube::format_api_micro_time(now)},
      {"reportingController", kReportingController},
      {"reportingInstance", truncate_utf8(reporting_instance, kMaxShortFieldBytes)},
      {"action", kEventAction},
      {"reason", kNodeEventReason},
      {"type", "Warning"},
      // The kubelet's Node Events carry the node's name as its uid; so do these.
      {"regarding",
       {{"apiVersion", "v1"}, {"kind", "Node"}, {"name", group.node}, {"uid", group.node}}},
      {"note", truncate_utf8(report::correlation_line(group), kMaxEventNoteBytes)},
  };
}

}  // namespace kexit::agent
