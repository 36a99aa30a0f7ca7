#pragma once
// LogInstance: telling from a timestamped log whether it is the terminated container's, or
// already the next instance's. `previous=false` names the current instance: for a container
// seen in state.terminated that is the dead one only until the kubelet restarts it, which on
// a first crash is about a second later, often before a worker fetches the log.

#include <chrono>
#include <cstddef>
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

// How the runtimes stamp a line decides how late after finishedAt (metav1.Time: whole seconds,
// cut down) the dead instance's lines may be dated. Both stamp a line when they read it from the
// container's pipe, not when it was written. CRI-O's conmon drains the pipes before it writes the
// exit file whose modification time is finishedAt (conmon.c drain_stdio; cri-o
// updateContainerStatusFromExitFile), so its lines are dated within finishedAt's second.
// containerd's finishedAt is the shim's reap time (TaskExit.ExitedAt), while its CRI plugin
// stamps with time.Now() as its redirectLogs goroutine reads the FIFO (internal/cri/io/logger.go):
// what was still in the pipes at the exit (up to 64 KiB each) is dated later by however long a
// loaded node takes to drain it. containerd reports the exit only after task.Delete has waited
// for that copy (internal/cri/server/events.go), so the kubelet restarts nothing before the dead
// instance's last line: a later instance's lines come after its restart.

// Whether the current log, whose last line was written at `last_line`, may be the instance the
// kubelet started after the one that finished at `finished_at`: a line past finishedAt's second.
// Only a suspicion on containerd, whose drained lines may be later still: the caller confirms it
// with the previous log (none, or an older instance's, means no restart happened).
bool written_after_termination(TimePoint last_line, TimePoint finished_at);

// How long after finishedAt a previous log's line may still be the dead instance's: finishedAt's
// own second plus four for a containerd drain on a loaded node. Half the kubelet's first
// crash-loop back-off (10 s, counted from finishedAt), before which no later instance starts
// unless the dead one was the container's first crash; then the pod showed the next instance
// running, and its startedAt decides instead.
inline constexpr std::chrono::seconds kDrainMargin{5};

// Whether a previous log whose last line was written at `last_line` is a later instance's than
// the one that finished at `finished_at`. `restarted_at` is the startedAt of the instance the
// kubelet ran next, when the pod showed it running: every line of the dead instance precedes
// that start (its second, cut down, plus one), and no margin is needed. Without it, a line more
// than kDrainMargin after finishedAt.
bool written_by_later_instance(TimePoint last_line, TimePoint finished_at,
                               std::optional<TimePoint> restarted_at);

// The bytes the kubelet puts before each line with `timestamps=true`: RFC 3339 with nine
// fractional digits in UTC ("2006-01-02T15:04:05.000000000Z", timeFormatOut in
// pkg/kubelet/kuberuntime/logs/logs.go) and a space.
inline constexpr std::size_t kLogTimestampBytes = 31;

}  // namespace kexit::kube
