#pragma once
// EventFacts: one Kubernetes Event as evidence (the kubelet's Unhealthy, Killing, BackOff,
// Evicted, Failed; the scheduler's FailedScheduling; a node's OOMKilling), read from either
// API group (core/v1 or events.k8s.io/v1) or from `kubectl describe` text.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/expected.h"

namespace kexit::kube {

struct EventFacts {
  std::string type;  // "Normal" or "Warning"
  std::string reason;
  std::string message;
  // Who reported it: "kubelet", "default-scheduler", "taint-eviction-controller".
  std::string source;
  // How many times the recorder saw it (core/v1 count, events.k8s.io/v1 series.count); 1 when
  // the object does not say.
  int count = 1;
  // RFC 3339; empty when unknown. A `describe` text shows only ages: its parser places them
  // relative to the newest absolute time in the text and says so in PodFacts::evidence_notes.
  std::string first_time;
  std::string last_time;
  // The object the Event is about (involvedObject / regarding).
  std::string object_kind;
  std::string object_namespace;
  std::string object_name;
  std::string object_uid;
  // "spec.containers{web}" when it is about one container; empty for the pod as a whole.
  std::string field_path;
};

// One Event object of either API group; `source` and `path` name it in errors.
Expected<EventFacts> parse_event(const nlohmann::json& event, const std::string& source,
                                 const std::string& path = "");

// True for an Event object of either API group, by its kind and apiVersion.
bool is_event_object(const nlohmann::json& object);

// The container named by a field path ("spec.containers{web}" and
// "spec.initContainers{init}" give "web" and "init"); empty for any other path.
std::string container_of_field_path(const std::string& field_path);

// Whether the Event is about `container` or about its pod as a whole.
bool concerns_container(const EventFacts& event, const std::string& container);

}  // namespace kexit::kube
