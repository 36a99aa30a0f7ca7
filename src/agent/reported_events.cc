#include "agent/reported_events.h"

#include <algorithm>

#include "agent/event_builder.h"
#include "agent/event_fields.h"

namespace kexit::agent {
using event_fields::object_at;
using event_fields::string_at;

std::optional<ReportedEvent> read_reported_event(const nlohmann::json& event) {
  if (!event.is_object()) {
    return std::nullopt;
  }
  const auto& metadata = object_at(event, "metadata");
  const auto& annotations = object_at(metadata, "annotations");
  const auto& regarding = event_fields::regarding(event);
  ReportedEvent reported;
  reported.namespace_name = string_at(metadata, "namespace");
  reported.event_name = string_at(metadata, "name");
  reported.container = string_at(annotations, kContainerAnnotation);
  reported.cause = string_at(annotations, kCauseAnnotation);
  reported.termination_id = string_at(annotations, kTerminationAnnotation);
  reported.reporting_instance = string_at(event, "reportingInstance");
  reported.pod_key = string_at(regarding, "uid");
  if (reported.pod_key.empty()) {
    reported.pod_key = string_at(regarding, "namespace") + "/" + string_at(regarding, "name");
  }
  if (reported.event_name.empty() || reported.container.empty() ||
      reported.termination_id.empty()) {
    return std::nullopt;
  }
  reported.count = event_fields::count(event);
  reported.last_observed = event_fields::last_observed(event);
  return reported;
}

std::vector<ReportedEvent> read_reported_events(const std::vector<nlohmann::json>& events) {
  std::vector<ReportedEvent> out;
  for (const auto& event : events) {
    if (auto reported = read_reported_event(event)) {
      out.push_back(std::move(*reported));
    }
  }
  order_by_observation(out);
  return out;
}

void order_by_observation(std::vector<ReportedEvent>& events) {
  std::stable_sort(events.begin(), events.end(),
                   [](const auto& a, const auto& b) { return a.last_observed < b.last_observed; });
}

}  // namespace kexit::agent
