#include "kube/termination_evidence.h"

#include <algorithm>
#include <functional>
#include <future>
#include <optional>
#include <utility>

#include "base/file_reading.h"
#include "kube/api_time.h"
#include "kube/job_evidence.h"
#include "kube/log_instance.h"
#include "kube/node_evidence.h"
#include "kube/owner_resolution.h"

namespace kexit::kube {
namespace {

LogOptions log_options(const ContainerFacts& container, bool previous, bool timestamps,
                       std::size_t max_bytes) {
  LogOptions options;
  options.container = container.name;
  options.previous = previous;
  options.timestamps = timestamps;
  // No limitBytes: it keeps the head of the log, and the cause is at the end. The server cuts
  // by lines, we cut by bytes; ask for enough lines to fill the byte budget with ordinary
  // lines without streaming a multi-gigabyte log.
  options.tail_lines = std::max<long long>(1000, static_cast<long long>(max_bytes / 32));
  // The budget is for the log's text: timestamps would take ~45 % of it with short lines, so
  // their bytes are asked for on top and the text is cut to max_bytes once they are stripped.
  options.max_bytes =
      timestamps ? max_bytes + kLogTimestampBytes * static_cast<std::size_t>(*options.tail_lines)
                 : max_bytes;
  return options;
}

// A container seen in state.terminated is the dead instance only until the kubelet restarts
// it, which its restart policy may do.
bool may_restart(const PodFacts& pod, const ContainerFacts& container) {
  return container.slot == TerminationSlot::kCurrent && pod.restart_policy != "Never" &&
         !(pod.restart_policy == "OnFailure" && container.termination.exit_code == 0);
}

// Why a log was not read, in words for the note; nullopt when it was.
std::optional<std::string> read_failure(const Expected<PodLog>& read, const std::string& which) {
  if (!read) {
    return "could not fetch the " + which + " log (" + read.error().message + ")";
  }
  const ApiResponse& response = read->response;
  if (response.ok()) {
    return std::nullopt;
  }
  ApiStatus status = response.status_object();
  if (status.code == 400 &&
      status.message.find("previous terminated container") != std::string::npos) {
    return std::string(
        "the previous log is gone (HTTP 400: the kubelet keeps only the last terminated "
        "instance, and none once the pod is deleted or moved)");
  }
  if (status.code == 404) {
    return "the " + which +
           " log is gone (HTTP 404: " + (status.message.empty() ? "not found" : status.message) +
           ")";
  }
  return "could not fetch the " + which + " log (" + response.error().message + ")";
}

// The text of a log read with timestamps, without them, cut to the budget the reader was given.
PodLog without_timestamps(PodLog&& read, std::size_t max_bytes) {
  PodLog kept = std::move(read);
  std::string text = strip_log_timestamps(kept.response.body);
  const std::size_t start = tail_start(text, max_bytes);
  text.erase(0, start);
  kept.truncated = kept.truncated || start > 0;
  kept.response.body = std::move(text);
  return kept;
}

ContainerLog read_log(PodLog&& read, LogOrigin origin, std::string note = "") {
  ContainerLog log;
  log.text = std::move(read.response.body);
  log.origin = origin;
  log.truncated = read.truncated;
  log.note = std::move(note);
  return log;
}

// Whether a timestamped log's last line was written after the container terminated, that is
// by the instance the kubelet started since.
bool written_by_next_instance(const std::string& timestamped, const ContainerFacts& container) {
  auto last_line = last_log_timestamp(timestamped);
  auto finished = parse_api_time(container.termination.finished_at);
  return last_line && finished && written_after_termination(*last_line, *finished);
}

// The startedAt of the instance the kubelet ran after `container`'s dead one, when the pod
// showed it running: for a container seen in lastState, the one in state.running.
std::optional<TimePoint> restarted_at(const PodFacts& pod, const ContainerFacts& container) {
  if (container.slot != TerminationSlot::kLast) {
    return std::nullopt;
  }
  for (const RunningContainer& running : pod.running) {
    if (running.name == container.name) {
      return parse_api_time(running.started_at);
    }
  }
  return std::nullopt;
}

// Whether a timestamped previous log is an instance's later than the dead one (log_instance.h).
bool later_instance_log(const std::string& timestamped, const PodFacts& pod,
                        const ContainerFacts& container) {
  auto last_line = last_log_timestamp(timestamped);
  auto finished = parse_api_time(container.termination.finished_at);
  return last_line && finished &&
         written_by_later_instance(*last_line, *finished, restarted_at(pod, container));
}

// Whether a timestamped log was all written before the dead instance started: an older
// instance's. startedAt is whole seconds, cut down, so a line of the dead instance is never
// earlier than it.
bool written_before_instance(const std::string& timestamped, const ContainerFacts& container) {
  auto last_line = last_log_timestamp(timestamped);
  auto started = parse_api_time(container.termination.started_at);
  return last_line && started && *last_line < *started;
}

// The status manager's last word on a container it never saw end (TerminatePod): terminated
// 137 ContainerStatusUnknown with no container ID. No instance ran, and the API server would
// answer with the lastState instance's log, if any: another instance's.
bool never_located(const ContainerFacts& container) {
  return container.termination.reason == "ContainerStatusUnknown" &&
         container.termination.container_id.empty();
}

// Why a log is missing when the container ended again after the pod was read.
constexpr const char* kRestartedAgain =
    "the container terminated again and restarted before its log was read: the previous log is "
    "a later instance's";

// The previous instance's log, read with timestamps: the dead instance's, unless a line is
// dated later than the dead instance's could be (log_instance.h). Then the container ended again
// and the kubelet restarted it after the pod was read, so its "previous" instance is that later
// one, whose log says nothing about this termination, and the kubelet keeps no older one: the
// stand-in takes its place.
ContainerLog dead_previous_log(PodLog&& read, const PodFacts& pod, const ContainerFacts& container,
                               std::size_t max_bytes, std::string note) {
  if (later_instance_log(read.response.body, pod, container)) {
    return log_stand_in(container, kRestartedAgain);
  }
  return read_log(without_timestamps(std::move(read), max_bytes), LogOrigin::kPreviousLog,
                  std::move(note));
}

// Whether a previous-log read shows that the container has not restarted since the dead
// instance: the kubelet keeps no instance before it (HTTP 400), or the one it keeps ended
// before the dead one started.
bool not_restarted(const Expected<PodLog>& previous, const ContainerFacts& container) {
  if (!previous) {
    return false;
  }
  const ApiResponse& response = previous->response;
  if (response.status == 400) {
    return response.status_object().message.find("previous terminated container") !=
           std::string::npos;
  }
  return response.ok() && !response.body.empty() &&
         written_before_instance(response.body, container);
}

// The current log read with timestamps: the dead instance's while nothing was written after
// it terminated, else the previous instance is the dead one now. An empty current log may be
// a new instance that has not written yet, so the previous one is asked too.
ContainerLog dead_instance_log(LogReader& reader, const PodFacts& pod,
                               const ContainerFacts& container, std::size_t max_bytes,
                               PodLog&& current) {
  const std::string& text = current.response.body;
  if (!text.empty() && !written_by_next_instance(text, container)) {
    return read_log(without_timestamps(std::move(current), max_bytes), LogOrigin::kCurrentLog);
  }
  auto earlier =
      reader.read_log(pod.namespace_name, pod.name, log_options(container, true, true, max_bytes));
  const bool within_drain = text.empty() || !later_instance_log(text, pod, container);
  if (within_drain && not_restarted(earlier, container)) {
    // Not restarted yet: the current log is the dead instance's, its last lines dated late by
    // the runtime's drain (log_instance.h), or empty when it wrote nothing.
    return read_log(without_timestamps(std::move(current), max_bytes), LogOrigin::kCurrentLog);
  }
  if (earlier && earlier->response.ok() && !earlier->response.body.empty()) {
    return dead_previous_log(std::move(*earlier), pod, container, max_bytes,
                             "the container restarted before its log was read; read the "
                             "previous instance's");
  }
  if (!text.empty()) {
    // What was read is the next instance's: no evidence about this termination.
    return log_stand_in(container,
                        "the container restarted before its log was read, and the previous "
                        "instance's log is unavailable");
  }
  return read_log(std::move(current), LogOrigin::kCurrentLog);
}

}  // namespace

ContainerLog log_stand_in(const ContainerFacts& container, const std::string& why) {
  ContainerLog log;
  if (!container.termination.message.empty()) {
    log.origin = LogOrigin::kTerminationMessage;
    log.text = container.termination.message;
    log.note = why + "; used the termination message instead";
  } else {
    log.origin = LogOrigin::kNone;
    log.note = why + ", and the container left no termination message";
  }
  return log;
}

ContainerLog fetch_terminated_log(LogReader& reader, const PodFacts& pod,
                                  const ContainerFacts& container, std::size_t max_bytes) {
  bool previous = container.slot == TerminationSlot::kLast;
  // In lastState too: the kubelet writes it so for a running container it lost, and the API
  // server would refuse the previous log of an instance without an ID (HTTP 400).
  if (never_located(container)) {
    return log_stand_in(container,
                        "the kubelet never found this instance (ContainerStatusUnknown without a "
                        "container ID), so it has no log");
  }
  // A restarted container may end and restart again between the pod's read and its log's,
  // so the previous instance's log is timestamped too: its lines tell whose it is.
  bool timestamps = previous || may_restart(pod, container);
  auto read = reader.read_log(pod.namespace_name, pod.name,
                              log_options(container, previous, timestamps, max_bytes));
  if (auto failure = read_failure(read, previous ? "previous" : "current")) {
    return log_stand_in(container, *failure);
  }
  if (previous) {
    return dead_previous_log(std::move(*read), pod, container, max_bytes, "");
  }
  if (timestamps) {
    return dead_instance_log(reader, pod, container, max_bytes, std::move(*read));
  }
  return read_log(std::move(*read), LogOrigin::kCurrentLog);
}

namespace {

// What both gather functions read before the logs.
void read_pod_evidence(EvidenceReader& reader, PodFacts& pod, TimePoint now) {
  read_events(reader, pod, now);
  read_node_context(reader, pod);
  // A Job is both evidence and the owner a fix changes: read once.
  auto job_read = read_owner_job(reader, pod);
  resolve_workload_owner(reader, pod, job_read ? &*job_read : nullptr);
}

}  // namespace

namespace {

// Runs `read_logs` on a thread of its own while the calling thread reads the pod's Events, node
// and owners: a log is a round trip through the kubelet, and nothing the other reads find
// changes which log is read. The logs are read from a copy of the pod taken first, since the
// Events read adds to the pod (and may extend pod.to_diagnose) meanwhile. The launch policy
// lets the library run the logs on this thread afterwards when no thread can be made
// (libstdc++ does), so a starved process reads as before, one request after the other.
template <typename Logs>
Logs read_alongside_pod_evidence(EvidenceReader& reader, PodFacts& pod, TimePoint now,
                                 std::function<Logs(const PodFacts&)> read_logs) {
  auto logs = std::async(
      std::launch::async | std::launch::deferred,
      [snapshot = pod, read_logs = std::move(read_logs)] { return read_logs(snapshot); });
  read_pod_evidence(reader, pod, now);
  return logs.get();
}

}  // namespace

std::map<std::string, ContainerLog> gather_evidence(EvidenceReader& reader, PodFacts& pod,
                                                    TimePoint now, std::size_t max_log_bytes) {
  using Logs = std::map<std::string, ContainerLog>;
  return read_alongside_pod_evidence<Logs>(reader, pod, now, [&](const PodFacts& snapshot) {
    Logs logs;
    for (const ContainerFacts& container : snapshot.to_diagnose) {
      if (container.outcome == ContainerOutcome::kTerminated) {
        logs[container.name] = fetch_terminated_log(reader, snapshot, container, max_log_bytes);
      }
    }
    return logs;
  });
}

ContainerLog gather_container_evidence(EvidenceReader& reader, PodFacts& pod,
                                       const ContainerFacts& container, TimePoint now,
                                       std::size_t max_log_bytes) {
  if (container.outcome != ContainerOutcome::kTerminated) {
    read_pod_evidence(reader, pod, now);
    return {};
  }
  return read_alongside_pod_evidence<ContainerLog>(reader, pod, now, [&](const PodFacts& snapshot) {
    return fetch_terminated_log(reader, snapshot, container, max_log_bytes);
  });
}

}  // namespace kexit::kube
