#include "kube/log_fetcher.h"

#include <algorithm>

namespace kexit::kube {
namespace {

ContainerLog stand_in(const ContainerFacts& container, const std::string& why) {
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

}  // namespace

ContainerLog fetch_terminated_log(ApiClient& client, const PodFacts& pod,
                                  const ContainerFacts& container, std::size_t max_bytes) {
  LogOptions options;
  options.container = container.name;
  options.previous = container.slot == TerminationSlot::kLast;
  options.max_bytes = max_bytes;
  // The server cuts by lines, we cut by bytes; ask for enough lines to fill the byte budget
  // with ordinary lines without streaming a multi-gigabyte log.
  options.tail_lines = std::max<long long>(1000, static_cast<long long>(max_bytes / 32));
  std::string which = options.previous ? "previous" : "current";
  auto fetched = client.get_log(pod.namespace_name, pod.name, options);
  if (!fetched) {
    return stand_in(container,
                    "could not fetch the " + which + " log (" + fetched.error().message + ")");
  }
  const ApiResponse& response = fetched->response;
  if (!response.ok()) {
    ApiStatus status = response.status_object();
    if (status.code == 400 &&
        status.message.find("previous terminated container") != std::string::npos) {
      return stand_in(container,
                      "the previous log is gone (HTTP 400: the kubelet keeps only the last "
                      "terminated instance, and none once the pod is deleted or moved)");
    }
    if (status.code == 404) {
      return stand_in(container, "the " + which + " log is gone (HTTP 404: " +
                                     (status.message.empty() ? "not found" : status.message) + ")");
    }
    return stand_in(container,
                    "could not fetch the " + which + " log (" + response.error().message + ")");
  }
  ContainerLog log;
  log.origin = options.previous ? LogOrigin::kPreviousLog : LogOrigin::kCurrentLog;
  log.text = response.body;
  log.truncated = fetched->truncated;
  return log;
}

}  // namespace kexit::kube
