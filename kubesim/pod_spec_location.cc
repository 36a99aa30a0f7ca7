#include "kubesim/pod_spec_location.h"

namespace kexit::kubesim {

std::optional<PodSpecLocation> pod_spec_location(std::string_view kind) {
  if (kind == "Pod") {
    return PodSpecLocation{{"spec"}, "spec"};
  }
  if (kind == "Deployment" || kind == "ReplicaSet" || kind == "StatefulSet" ||
      kind == "DaemonSet" || kind == "Job") {
    return PodSpecLocation{{"spec", "template", "spec"}, "spec.template.spec"};
  }
  if (kind == "CronJob") {
    return PodSpecLocation{{"spec", "jobTemplate", "spec", "template", "spec"},
                           "spec.jobTemplate.spec.template.spec"};
  }
  return std::nullopt;
}

std::optional<PodSpecLocation> job_spec_location(std::string_view kind) {
  if (kind == "Job") {
    return PodSpecLocation{{"spec"}, "spec"};
  }
  if (kind == "CronJob") {
    return PodSpecLocation{{"spec", "jobTemplate", "spec"}, "spec.jobTemplate.spec"};
  }
  return std::nullopt;
}

const nlohmann::json* value_at(const nlohmann::json& object, const std::vector<std::string>& keys) {
  const nlohmann::json* current = &object;
  for (const std::string& key : keys) {
    if (!current->is_object() || !current->contains(key)) {
      return nullptr;
    }
    current = &(*current)[key];
  }
  return current;
}

}  // namespace kexit::kubesim
