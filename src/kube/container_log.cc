#include "kube/container_log.h"

namespace kexit::kube {

const char* to_string(LogOrigin origin) {
  switch (origin) {
    case LogOrigin::kNone:
      return "none";
    case LogOrigin::kPreviousLog:
      return "previous-log";
    case LogOrigin::kCurrentLog:
      return "current-log";
    case LogOrigin::kTerminationMessage:
      return "termination-message";
  }
  return "none";
}

}  // namespace kexit::kube
