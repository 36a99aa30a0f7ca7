#include "kube/event_api.h"

namespace kexit::kube {

const char* to_string(EventApi api) {
  return api == EventApi::kEventsV1 ? "events.k8s.io/v1" : "v1";
}

}  // namespace kexit::kube
