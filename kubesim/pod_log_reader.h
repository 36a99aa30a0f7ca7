#pragma once
// What GET .../pods/NAME/log answers: the apiserver's container check, the kubelet's choice of
// container instance (current or previous) from the pod status, and the PodLogOptions applied
// to that instance's log (sinceSeconds/sinceTime, tailLines, timestamps, limitBytes).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kubesim/api_error.h"
#include "kubesim/clock.h"
#include "kubesim/log_store.h"

namespace kexit::kubesim {

struct PodLogOptions {
  std::string container;
  bool previous = false;
  std::optional<long long> tail_lines;
  std::optional<long long> limit_bytes;
  bool timestamps = false;
  bool follow = false;
  std::optional<long long> since_seconds;
  std::optional<TimePoint> since_time;
};

// The container a request means: the named one, or the only one; 400 otherwise, with the
// apiserver's messages.
ApiResult<std::string> resolve_log_container(const nlohmann::json& pod,
                                             const std::string& requested);

// The containerID whose log the kubelet would read, or its 400 ("previous terminated container
// "c" in pod "p" not found", "container "c" in pod "p" is waiting to start: ...").
ApiResult<std::string> log_container_id(const nlohmann::json& pod, const std::string& container,
                                        bool previous);

// The full answer for a pod (already fetched) and options.
ApiResult<std::string> read_pod_log(const nlohmann::json& pod, const LogStore& logs,
                                    const PodLogOptions& options, TimePoint now);

}  // namespace kexit::kubesim
