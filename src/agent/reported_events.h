#pragma once
// ReportedEvent: what one of the agent's own Events says about the termination it reported,
// read back at start-up (or on taking over leadership) so nothing is reported twice.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kube/clock.h"

namespace kexit::agent {

struct ReportedEvent {
  std::string namespace_name;
  std::string event_name;
  // The regarded pod's uid, or "<namespace>/<name>" when it had none (see pod_key()).
  std::string pod_key;
  std::string container;
  std::string cause;
  std::string termination_id;
  // The agent replica that wrote it (reportingInstance).
  std::string reporting_instance;
  int count = 1;
  // series.lastObservedTime, else lastTimestamp, else eventTime.
  kube::TimePoint last_observed{};
};

// Reads a core/v1 (or events.k8s.io/v1) Event written by the agent; nullopt for Events that
// lack the annotations (written by someone else, or by hand).
std::optional<ReportedEvent> read_reported_event(const nlohmann::json& event);

// Oldest observation first, so later ones win when replayed in order.
void order_by_observation(std::vector<ReportedEvent>& events);

// The readable Events, ordered by observation.
std::vector<ReportedEvent> read_reported_events(const std::vector<nlohmann::json>& events);

}  // namespace kexit::agent
