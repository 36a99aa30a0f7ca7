#pragma once
// LogInstance: telling from a timestamped log whether it is the terminated container's, or
// already the next instance's. `previous=false` names the current instance: for a container
// seen in state.terminated that is the dead one only until the kubelet restarts it, which on
// a first crash is about a second later, often before a worker fetches the log.

#include <optional>
#include <string>
#include <string_view>

#include "kube/clock.h"

namespace kexit::kube {

// The timestamp the kubelet put before the last line (`timestamps=true`); nullopt when there
// is no line or it has none.
std::optional<TimePoint> last_log_timestamp(std::string_view timestamped_log);

// The log without the timestamp at the start of each line.
std::string strip_log_timestamps(std::string_view timestamped_log);

// Whether a log whose last line was written at `last_line` comes from an instance started
// after the one that finished at `finished_at` (metav1.Time: whole seconds, so the dead
// instance's lines may be up to a second later).
bool written_after_termination(TimePoint last_line, TimePoint finished_at);

}  // namespace kexit::kube
