#include "report/failed_job_report.h"

#include <sstream>

#include "base/shell_word.h"

namespace kexit::report {
namespace {

// Why there is no pod: the usual ways a failed Job's pods disappear.
std::string no_pod_note(const kube::FailedJob& job) {
  return "none of its pods is left to diagnose (" + std::to_string(job.failed_pods) +
         " failed): they were deleted by ttlSecondsAfterFinished, by the job controller (at "
         "activeDeadlineSeconds, or past the backoff limit), or by hand; the Job's conditions "
         "are what remains";
}

// "Job Failed=True: ..." as the Job's own line shows it, without the prefix.
std::string without_prefix(const std::string& condition) {
  return condition.rfind("Job ", 0) == 0 ? condition.substr(4) : condition;
}

}  // namespace

nlohmann::ordered_json failed_job_document(const kube::FailedJob& job) {
  nlohmann::ordered_json document;
  document["namespace"] = job.namespace_name;
  document["name"] = job.name;
  nlohmann::ordered_json conditions = nlohmann::ordered_json::array();
  for (const auto& condition : job.conditions) {
    conditions.push_back(without_prefix(condition));
  }
  document["conditions"] = std::move(conditions);
  document["failedPods"] = job.failed_pods;
  document["note"] = no_pod_note(job);
  return document;
}

std::string render_failed_jobs_text(const std::vector<kube::FailedJob>& jobs) {
  std::ostringstream out;
  for (const auto& job : jobs) {
    out << "job " << job.namespace_name << "/" << job.name << "  failed\n";
    out << "  note: " << no_pod_note(job) << "\n";
    out << "  conditions:\n";
    for (const auto& condition : job.conditions) {
      out << "    - " << without_prefix(condition) << "\n";
    }
    // Names from a file are quoted, so the commands stay safe to paste.
    const std::string name = shell_word(job.name);
    const std::string namespace_name = shell_word(job.namespace_name);
    out << "  next steps:\n";
    out << "    1. kubectl get events -n " << namespace_name << " --field-selector "
        << shell_word("involvedObject.kind=Job,involvedObject.name=" + job.name) << "\n";
    out << "    2. kubectl get job " << name << " -n " << namespace_name
        << " -o jsonpath='{.spec.backoffLimit} {.spec.activeDeadlineSeconds} "
           "{.spec.ttlSecondsAfterFinished}'\n";
    out << "\n";
  }
  return out.str();
}

}  // namespace kexit::report
