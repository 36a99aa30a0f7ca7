#pragma once
// A failed Job that left no pod to diagnose, as the report shows it: the Job's own conditions
// are then all there is to say why the run failed, in text and in the JSON document.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kube/job_target.h"

namespace kexit::report {

// {"namespace", "name", "conditions", "failedPods", "note"}.
nlohmann::ordered_json failed_job_document(const kube::FailedJob& job);

// One block per Job: its conditions of failure and the commands that show more.
std::string render_failed_jobs_text(const std::vector<kube::FailedJob>& jobs);

}  // namespace kexit::report
