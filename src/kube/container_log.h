#pragma once
// ContainerLog: the log of the container instance that terminated, or what stands in for it, as
// fetched from a cluster or read from a file and handed to the engine.

#include <string>

#include "base/shared_text.h"

namespace kexit::kube {

// Where the log text came from.
enum class LogOrigin { kNone, kPreviousLog, kCurrentLog, kTerminationMessage };
const char* to_string(LogOrigin origin);

struct ContainerLog {
  // The bounded tail of the log (the engine cuts it again to its own bound): a view into the
  // mapped file for a large `--logs` file, so a 200 MiB log is never copied.
  SharedText text;
  LogOrigin origin = LogOrigin::kNone;
  // True when the beginning of the log was cut off.
  bool truncated = false;
  // Why the log is missing or replaced, e.g. "the previous log is gone (HTTP 400: ...); used
  // the termination message instead". Shown to the user.
  std::string note;
};

}  // namespace kexit::kube
