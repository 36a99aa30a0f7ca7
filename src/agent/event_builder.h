#pragma once
// The Kubernetes Event that carries one diagnosis: events.k8s.io/v1 shape, its core/v1
// equivalent for clusters without the events.k8s.io group, and the series update.

#include <nlohmann/json.hpp>
#include <string>

#include "diagnose/diagnosis.h"
#include "knowledge/knowledge_model.h"
#include "kube/clock.h"
#include "kube/event_api.h"

namespace kexit::agent {

inline constexpr const char* kReportingController = "kexit.io/agent";
// reason, action and reportingInstance: the apiserver's limit, in bytes.
inline constexpr std::size_t kMaxShortFieldBytes = 128;
inline constexpr const char* kEventAction = "Diagnose";
// The label on every Event the agent writes, so it finds its own Events at start-up.
inline constexpr const char* kEventLabelKey = "kexit.io/reporter";
inline constexpr const char* kEventLabelValue = "agent";
inline constexpr const char* kEventLabelSelector = "kexit.io/reporter=agent";

inline constexpr const char* kCauseAnnotation = "kexit.io/cause";
inline constexpr const char* kRuleAnnotation = "kexit.io/rule";
inline constexpr const char* kExitCodeAnnotation = "kexit.io/exit-code";
inline constexpr const char* kContainerAnnotation = "kexit.io/container";
inline constexpr const char* kConfidenceAnnotation = "kexit.io/confidence";
inline constexpr const char* kRestartCountAnnotation = "kexit.io/restart-count";
// The latest termination the Event stands for (see termination_id.h): how a restarted agent
// knows what it already reported.
inline constexpr const char* kTerminationAnnotation = "kexit.io/termination-id";

struct EventReason {
  std::string reason;
  std::string type;  // "Warning" or "Normal"
};

// The cause's `event_reason` and `event_type` from the knowledge base. A cause without them
// (a colleague's extra knowledge) gets its slug in CamelCase ("my-cause" -> "MyCause") and
// Warning. A reason that the kubelet or a controller writes gets the prefix "Kexit"
// ("Evicted" -> "KexitEvicted"), so routes on Kubernetes' own reasons never match kexit's.
EventReason event_reason_for(const std::string& cause, const knowledge::KnowledgeSet& knowledge);

struct EventIdentity {
  std::string name;
  // The agent's pod name.
  std::string reporting_instance;
  kube::TimePoint now;
  std::string termination_id;
};

// An events.k8s.io/v1 Event regarding the pod. `eventTime` is now (exporters drop Events that
// look old), in MicroTime with exactly six fractional digits.
nlohmann::json build_event(const diagnose::ContainerDiagnosis& diagnosis, const EventReason& reason,
                           const EventIdentity& identity);

// The same Event in core/v1 shape (involvedObject, message, reportingComponent, plus the
// source/count/timestamps that core-only consumers route on).
nlohmann::json to_core_event(const nlohmann::json& event);

// A JSON merge patch that records one more occurrence in the Event's series (count >= 2) and
// updates the annotations that describe the latest termination.
nlohmann::json build_series_patch(kube::EventApi api, int count, kube::TimePoint now,
                                  const diagnose::ContainerDiagnosis& diagnosis,
                                  const std::string& termination_id);

// "spec.containers{app}", "spec.initContainers{setup}" as the kubelet writes fieldPath.
std::string container_field_path(const diagnose::ContainerDiagnosis& diagnosis);

}  // namespace kexit::agent
