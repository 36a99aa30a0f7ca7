#pragma once
// Reading the agent's own Events back, in either API's shape (events.k8s.io/v1 or core/v1):
// the fields that both the start-up read-back (reported_events.h) and the web page
// (web_termination.h) take from them, tolerant of missing and mistyped fields.

#include <nlohmann/json.hpp>
#include <string>

#include "kube/clock.h"

namespace kexit::agent::event_fields {

// The object at `key`, or an empty object when `object` is none or the field is missing or
// not an object.
const nlohmann::json& object_at(const nlohmann::json& object, const char* key);

// The string at `key`, or "" when the field is missing or not a string.
std::string string_at(const nlohmann::json& object, const char* key);

// `regarding` (events.k8s.io/v1) or `involvedObject` (core/v1).
const nlohmann::json& regarding(const nlohmann::json& event);

// series.count, else count (the first above 0), else 1.
int count(const nlohmann::json& event);

// series.lastObservedTime, else lastTimestamp, else eventTime (the first that parses); the
// epoch when none does.
kube::TimePoint last_observed(const nlohmann::json& event);

}  // namespace kexit::agent::event_fields
