#pragma once
// Finds the pods of an inspection target: a pod, a workload (deployment → replicasets → pods,
// cronjob → jobs → pods, and statefulset, daemonset, replicaset, job → pods) through its
// selector and ownerReferences, a label selector, or a whole namespace.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/expected.h"
#include "kube/api_client.h"

namespace kexit::kube {

struct PodQuery {
  // Plural resource as normalize_resource returns it; "" for -l or a whole namespace.
  std::string resource;
  std::string name;
  // "" for all namespaces.
  std::string namespace_name;
  // -l; ANDed with a workload's own selector.
  std::string label_selector;
};

// "pod", "po", "pods" -> "pods"; "deploy" -> "deployments"; also statefulset (sts),
// daemonset (ds), replicaset (rs), job, cronjob (cj). Anything else is an error listing them.
Expected<std::string> normalize_resource(std::string_view resource);

// Visits the Jobs of a job/ or cronjob/ target (the Job; the CronJob's Jobs, by
// ownerReferences) as the API returns them; nothing for any other target.
Status for_each_target_job(ApiClient& client, const PodQuery& query,
                           const std::function<Status(nlohmann::json&&)>& visit);

// Visits every pod of the target as the API returns it.
Status for_each_target_pod(ApiClient& client, const PodQuery& query,
                           const std::function<Status(nlohmann::json&&)>& visit);

}  // namespace kexit::kube
