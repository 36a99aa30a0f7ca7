#pragma once
// EventApi: which API group Events are written to, events.k8s.io/v1 or the core/v1 fallback.

namespace kexit::kube {

enum class EventApi { kCoreV1, kEventsV1 };
// The apiVersion of the Event objects: "events.k8s.io/v1" or "v1".
const char* to_string(EventApi api);

}  // namespace kexit::kube
