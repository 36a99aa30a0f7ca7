#include "kube/job_target.h"

#include <algorithm>

#include "kube/job_evidence.h"

namespace kexit::kube {

Expected<std::vector<FailedJob>> read_failed_jobs(ApiClient& client, const PodQuery& query) {
  std::vector<FailedJob> failed;
  KEXIT_CHECK(for_each_target_job(client, query, [&](nlohmann::json&& job) -> Status {
    auto conditions = job_failure_conditions(job);
    if (conditions.empty()) {
      return ok_status();
    }
    FailedJob entry;
    entry.namespace_name = query.namespace_name;
    entry.conditions = std::move(conditions);
    // job_failure_conditions found conditions, so job is an object.
    auto metadata = job.find("metadata");
    if (metadata != job.end() && metadata->is_object()) {
      entry.name = metadata->value("name", "");
    }
    auto status = job.find("status");
    if (status != job.end() && status->is_object()) {
      auto count = status->find("failed");
      if (count != status->end() && count->is_number_integer()) {
        entry.failed_pods = count->get<int>();
      }
    }
    failed.push_back(std::move(entry));
    return ok_status();
  }));
  std::sort(failed.begin(), failed.end(),
            [](const FailedJob& a, const FailedJob& b) { return a.name < b.name; });
  return failed;
}

}  // namespace kexit::kube
