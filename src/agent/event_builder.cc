#include "agent/event_builder.h"

#include <cctype>
#include <cstdio>

#include "agent/event_note.h"
#include "agent/kubernetes_event_reasons.h"
#include "base/text.h"
#include "kube/api_time.h"

namespace kexit::agent {
namespace {

std::string camel_case(const std::string& slug) {
  std::string out;
  bool upper = true;
  for (char c : slug) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out.empty() ? "ContainerExited" : out;
}

std::string confidence_text(double confidence) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.2f", confidence);
  return buffer;
}

nlohmann::json annotations_for(const diagnose::ContainerDiagnosis& diagnosis,
                               const std::string& termination_id) {
  nlohmann::json annotations = nlohmann::json::object();
  if (!diagnosis.diagnoses.empty()) {
    const auto& top = diagnosis.diagnoses.front();
    annotations[kCauseAnnotation] = top.cause;
    annotations[kRuleAnnotation] = top.rule_id;
    annotations[kConfidenceAnnotation] = confidence_text(top.confidence);
  }
  annotations[kExitCodeAnnotation] = diagnose::exit_code_text(diagnosis.exit_code);
  annotations[kContainerAnnotation] = diagnosis.container;
  annotations[kRestartCountAnnotation] = std::to_string(diagnosis.restart_count);
  annotations[kTerminationAnnotation] = termination_id;
  return annotations;
}

}  // namespace

EventReason event_reason_for(const std::string& cause, const knowledge::KnowledgeSet& knowledge) {
  EventReason result{camel_case(cause), "Warning"};
  if (const auto* definition = knowledge.find_cause(cause)) {
    if (!definition->event_reason.empty()) {
      result.reason = definition->event_reason;
    }
    if (definition->event_type == "Normal" || definition->event_type == "Warning") {
      result.type = definition->event_type;
    }
  }
  // A reason the kubelet or a controller writes would be routed as theirs: such a reason,
  // built in or from extra knowledge, gets kexit's prefix.
  result.reason = truncate_utf8(non_colliding_event_reason(result.reason), kMaxShortFieldBytes);
  return result;
}

std::string container_field_path(const diagnose::ContainerDiagnosis& diagnosis) {
  const char* field = "spec.containers";
  if (diagnosis.container_kind == kube::ContainerKind::kInit ||
      diagnosis.container_kind == kube::ContainerKind::kSidecar) {
    field = "spec.initContainers";
  } else if (diagnosis.container_kind == kube::ContainerKind::kEphemeral) {
    field = "spec.ephemeralContainers";
  }
  return std::string(field) + "{" + diagnosis.container + "}";
}

nlohmann::json build_event(const diagnose::ContainerDiagnosis& diagnosis, const EventReason& reason,
                           const EventIdentity& identity) {
  nlohmann::json event = {
      {"apiVersion", "events.k8s.io/v1"},
      {"kind", "Event"},
      {"metadata",
       {{"name", identity.name},
        {"namespace", diagnosis.namespace_name},
        {"labels", {{kEventLabelKey, kEventLabelValue}}},
        {"annotations", annotations_for(diagnosis, identity.termination_id)}}},
      {"eventTime", kube::format_api_micro_time(identity.now)},
      {"reportingController", kReportingController},
      {"reportingInstance", truncate_utf8(identity.reporting_instance, kMaxShortFieldBytes)},
      {"action", kEventAction},
      {"reason", reason.reason},
      {"type", reason.type},
      {"regarding",
       {{"apiVersion", "v1"},
        {"kind", "Pod"},
        {"namespace", diagnosis.namespace_name},
        {"name", diagnosis.pod},
        {"uid", diagnosis.pod_uid},
        {"fieldPath", container_field_path(diagnosis)}}},
      {"note", build_event_note(diagnosis)},
  };
  return event;
}

nlohmann::json to_core_event(const nlohmann::json& event) {
  std::string event_time = event.value("eventTime", "");
  // metav1.Time has whole seconds: the MicroTime without its fraction.
  std::string timestamp = event_time.size() == 27 ? event_time.substr(0, 19) + "Z" : event_time;
  nlohmann::json core = {
      {"apiVersion", "v1"},
      {"kind", "Event"},
      {"metadata", event.at("metadata")},
      {"eventTime", event_time},
      {"reportingComponent", event.value("reportingController", "")},
      {"reportingInstance", event.value("reportingInstance", "")},
      {"action", event.value("action", "")},
      {"reason", event.value("reason", "")},
      {"type", event.value("type", "")},
      {"involvedObject", event.at("regarding")},
      {"message", event.value("note", "")},
      {"source", {{"component", event.value("reportingController", "")}}},
      {"firstTimestamp", timestamp},
      {"lastTimestamp", timestamp},
      {"count", 1},
  };
  return core;
}

nlohmann::json build_series_patch(kube::EventApi api, int count, kube::TimePoint now,
                                  const diagnose::ContainerDiagnosis& diagnosis,
                                  const std::string& termination_id) {
  nlohmann::json annotations = annotations_for(diagnosis, termination_id);
  // The cause and rule name the episode; a later termination of the same cause may match
  // another rule, but the Event keeps describing its episode.
  annotations.erase(kCauseAnnotation);
  annotations.erase(kRuleAnnotation);
  annotations.erase(kConfidenceAnnotation);
  nlohmann::json patch = {
      {"metadata", {{"annotations", annotations}}},
      {"series", {{"count", count}, {"lastObservedTime", kube::format_api_micro_time(now)}}},
  };
  if (api == kube::EventApi::kCoreV1) {
    patch["count"] = count;
    patch["lastTimestamp"] = kube::format_api_time(now);
  }
  return patch;
}

}  // namespace kexit::agent
