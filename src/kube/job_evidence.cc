#include "kube/job_evidence.h"

#include "base/json_field_reader.h"
#include "kube/owner_resolution.h"

namespace kexit::kube {

std::vector<std::string> job_failure_conditions(const nlohmann::json& job) {
  std::vector<std::string> found;
  const nlohmann::json* conditions = nullptr;
  if (job.is_object() && job.contains("status") && job["status"].is_object() &&
      job["status"].contains("conditions")) {
    conditions = &job["status"]["conditions"];
  }
  if (conditions == nullptr || !conditions->is_array()) {
    return found;
  }
  for (const auto& condition : *conditions) {
    if (!condition.is_object()) {
      continue;
    }
    std::string type = string_or_empty(condition, "type");
    if ((type != "Failed" && type != "FailureTarget") ||
        string_or_empty(condition, "status") != "True") {
      continue;
    }
    std::string text = "Job " + type + "=True";
    std::string reason = string_or_empty(condition, "reason");
    std::string message = string_or_empty(condition, "message");
    text += reason.empty() ? "" : ": " + reason;
    text += message.empty() ? "" : ": " + message;
    found.push_back(std::move(text));
  }
  return found;
}

std::optional<Expected<ApiResponse>> read_owner_job(EvidenceReader& reader, PodFacts& pod) {
  if (pod.owner_kind != "Job" || pod.owner_name.empty() || pod.to_diagnose.empty()) {
    return std::nullopt;
  }
  auto response = reader.read_job(pod.namespace_name, pod.owner_name);
  // A finished Job is often deleted with its pods kept (ttlSecondsAfterFinished), or not: 404
  // is no news.
  if (response && response->status == 404) {
    return response;
  }
  if (!response || !response->ok()) {
    std::string why =
        response ? "HTTP " + std::to_string(response->status) : response.error().message;
    const bool forbidden = response && response->status == 403;
    pod.evidence_notes.push_back("the conditions of Job " + pod.owner_name +
                                 " could not be read (" + why +
                                 (forbidden ? "; needs get jobs.batch)" : ")"));
    return response;
  }
  if (auto job = response->json(); job && owned_by(pod, *job)) {
    for (auto& condition : job_failure_conditions(*job)) {
      pod.conditions.push_back(std::move(condition));
    }
  }
  return response;
}

}  // namespace kexit::kube
