#pragma once
// FailedJob: a Job of a job/ or cronjob/ target that failed, told from its conditions. Its pods
// are often gone - ttlSecondsAfterFinished, the job controller deleting the active pods at the
// deadline, a clean-up - while the Job still says why the run failed.

#include <string>
#include <vector>

#include "base/expected.h"
#include "kube/api_client.h"
#include "kube/workload_resolver.h"

namespace kexit::kube {

struct FailedJob {
  std::string namespace_name;
  std::string name;
  // As job_failure_conditions writes them: "Job Failed=True: DeadlineExceeded: Job was active
  // longer than specified deadline".
  std::vector<std::string> conditions;
  // status.failed: how many of its pods failed, deleted ones included.
  int failed_pods = 0;
};

// The Jobs of a job/ or cronjob/ target (query.resource "jobs" or "cronjobs") with a condition
// of failure, by name; none for any other target.
Expected<std::vector<FailedJob>> read_failed_jobs(ApiClient& client, const PodQuery& query);

}  // namespace kexit::kube
