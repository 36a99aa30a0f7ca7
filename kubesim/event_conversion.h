#pragma once
// One Event, two views: core/v1 Event (the stored form) and events.k8s.io/v1 Event, converted
// field by field as the apiserver does (regarding <-> involvedObject, note <-> message, ...).

#include <nlohmann/json.hpp>

namespace kexit::kubesim {

// Fills the fields the real server always writes for a core/v1 Event (null times, empty
// reportingComponent/Instance, source {}).
nlohmann::json normalize_core_event(nlohmann::json event);
nlohmann::json core_event_to_events_v1(const nlohmann::json& event);
nlohmann::json events_v1_to_core_event(const nlohmann::json& event);

}  // namespace kexit::kubesim
