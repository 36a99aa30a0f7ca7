#pragma once
// EvidenceReader: what kexit reads about a termination beyond the pod - the dead instance's log
// (LogReader), the Events about the pod and its node, and the Job that owns it - as a narrow
// interface, so the CLI and
// the agent gather evidence through one code path that tests can feed.

#include <string>

#include "base/expected.h"
#include "kube/api_response.h"
#include "kube/log_reader.h"

namespace kexit::kube {

class EvidenceReader : public LogReader {
 public:
  // One page of core/v1 Events in `namespace_name` matching `field_selector`, at most `limit`
  // (GET /api/v1/namespaces/NS/events). Any HTTP status is a response (check ok()); Errors are
  // failures to get an answer.
  virtual Expected<ApiResponse> read_events(const std::string& namespace_name,
                                            const std::string& field_selector, int limit) = 0;
  // The batch/v1 Job that owns a pod (GET /apis/batch/v1/namespaces/NS/jobs/NAME): its
  // conditions say why it failed (DeadlineExceeded, BackoffLimitExceeded).
  virtual Expected<ApiResponse> read_job(const std::string& namespace_name,
                                         const std::string& name) = 0;
};

}  // namespace kexit::kube
