#pragma once
// The owning Job's conditions as evidence: a Job past activeDeadlineSeconds kills its pod
// without saying so in the pod (the job controller sets no pod reason), and only the Job's
// Failed condition (reason DeadlineExceeded, BackoffLimitExceeded, PodFailurePolicy) tells.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kube/evidence_reader.h"
#include "kube/pod_facts.h"

namespace kexit::kube {

// The Job's True conditions of failure, as "Job Failed=True: DeadlineExceeded: Job was active
// longer than specified deadline" (Failed, FailureTarget).
std::vector<std::string> job_failure_conditions(const nlohmann::json& job);

// For a pod owned by a Job, adds job_failure_conditions to pod.conditions, and returns the
// read (nullopt when there was none to make) so that resolve_workload_owner uses the same
// answer instead of asking again. Never fails: a Job that cannot be read becomes a note when
// it matters (a deleted Job is no news; only a 403 names the permission).
std::optional<Expected<ApiResponse>> read_owner_job(EvidenceReader& reader, PodFacts& pod);

}  // namespace kexit::kube
