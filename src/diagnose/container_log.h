#pragma once
// ContainerLog: the log text of the container instance that terminated, as handed to the engine.

#include <string>

#include "diagnose/diagnosis.h"

namespace kexit::diagnose {

struct ContainerLog {
  // The bounded tail of the log (the engine cuts it again to its own bound).
  std::string text;
  LogOrigin origin = LogOrigin::kNone;
  // True when the beginning of the log was cut off.
  bool truncated = false;
  // Why the log is missing or replaced; shown to the user.
  std::string note;
};

}  // namespace kexit::diagnose
