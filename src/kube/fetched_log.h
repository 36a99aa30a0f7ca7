#pragma once
// FetchedLog: a container log (or its stand-in) as fetched from a cluster or read from a file.

#include <string>

namespace kexit::kube {

struct FetchedLog {
  enum class Origin { kNone, kPreviousLog, kCurrentLog, kTerminationMessage };
  Origin origin = Origin::kNone;
  // Bounded tail of the log.
  std::string text;
  bool truncated = false;
  // Why the log is missing or replaced, e.g. "previous log is gone (HTTP 400); used the
  // termination message". Shown to the user.
  std::string note;
};

}  // namespace kexit::kube
