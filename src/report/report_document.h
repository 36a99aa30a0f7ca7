#pragma once
// The structured report: ContainerDiagnoses as the JSON document of `-o json` and `-o yaml`.
// Field names are a stable contract for scripts: add fields, never rename them.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "diagnose/diagnosis.h"
#include "kube/job_target.h"
#include "kube/workload_changes.h"

namespace kexit::report {

nlohmann::ordered_json container_document(const diagnose::ContainerDiagnosis& container);

// {"containers": [...], "failedJobs": [...], "workloadChanges": [...]}, in the order given.
// failedJobs are the failed Jobs of a job/ or cronjob/ target that left no pod to diagnose;
// workloadChanges what changed before a deployment/ target's pods crashed.
nlohmann::ordered_json report_document(const std::vector<diagnose::ContainerDiagnosis>& containers,
                                       const std::vector<kube::FailedJob>& failed_jobs = {},
                                       const std::vector<kube::WorkloadChanges>& changes = {});

std::string render_json(const std::vector<diagnose::ContainerDiagnosis>& containers,
                        const std::vector<kube::FailedJob>& failed_jobs = {},
                        const std::vector<kube::WorkloadChanges>& changes = {});
// The same document on one line, newline included: `kexit watch -o json` prints one per
// termination, so a reader parses line by line.
std::string render_json_line(const std::vector<diagnose::ContainerDiagnosis>& containers);
std::string render_yaml(const std::vector<diagnose::ContainerDiagnosis>& containers,
                        const std::vector<kube::FailedJob>& failed_jobs = {},
                        const std::vector<kube::WorkloadChanges>& changes = {});

}  // namespace kexit::report
