#include "agent/reported_events.h"

#include <algorithm>

#include "agent/event_builder.h"
#include "kube/api_time.h"

namespace kexit::agent {
namespace {

std::string string_at(const nlohmann::json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

int int_at(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) {
    return 0;
  }
  auto found = object.find(key);
  return found != object.end() && found->is_number_integer() ? found->get<int>() : 0;
}

const nlohmann::json& object_at(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!object.is_object()) {
    return kEmpty;
  }
  auto found = object.find(key);
  return found != object.end() && found->is_object() ? *found : kEmpty;
}

}  // namespace

std::optional<ReportedEvent> read_reported_event(const nlohmann::json& event) {
  if (!event.is_object()) {
    return std::nullopt;
  }
  const auto& metadata = object_at(event, "metadata");
  const auto& annotations = object_at(metadata, "annotations");
  const auto& regarding = event.contains("regarding") ? object_at(event, "regarding")
                                                      : object_at(event, "involvedObject");
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
  const auto& series = object_at(event, "series");
  if (int_at(series, "count") > 0) {
    reported.count = int_at(series, "count");
  } else if (int_at(event, "count") > 0) {
    reported.count = int_at(event, "count");
  }
  for (const auto& time : {string_at(series, "lastObservedTime"), string_at(event, "lastTimestamp"),
                           string_at(event, "eventTime")}) {
    if (auto parsed = kube::parse_api_time(time)) {
      reported.last_observed = *parsed;
      break;
    }
  }
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
