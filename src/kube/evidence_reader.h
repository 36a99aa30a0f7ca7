#pragma once
// EvidenceReader: what kexit reads about a termination beyond the pod - the dead instance's log
// (LogReader), the Events about the pod and its node, the Job that owns it and the node it ran
// on - as a narrow interface, so the CLI and the agent gather evidence through one code path
// that tests can feed.

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
  // The Node a pod ran on (GET /api/v1/nodes/NAME): its conditions (MemoryPressure, Ready) are
  // context for a termination that may be node-level. Needs get nodes, a cluster-scoped grant.
  virtual Expected<ApiResponse> read_node(const std::string& name) = 0;
  // A workload that owns a pod, by kind (ReplicaSet, Deployment, StatefulSet, DaemonSet, Job,
  // CronJob): what a fix changes is found through these objects' ownerReferences. Readers that
  // cannot read workloads (the agent, whose role does not grant it) answer with an Error.
  virtual Expected<ApiResponse> read_workload(const std::string& namespace_name,
                                              const std::string& kind, const std::string& name);
  // Whether read_workload is served; when not, no owner is looked up at all.
  virtual bool reads_workloads() const { return false; }
};

}  // namespace kexit::kube
