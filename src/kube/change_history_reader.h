#pragma once
// Reads a Deployment's ChangeHistory from the API: its ReplicaSets (list replicasets) and the
// ConfigMaps its crashing pods refer to (get configmaps). Secrets are never read: a Secret's
// change shows only in the pod template (pod_template_diff.h).

#include <string>
#include <vector>

#include "kube/api_client.h"
#include "kube/workload_changes.h"

namespace kexit::kube {

// Never fails: what cannot be read (a 403 for configmaps, a ConfigMap deleted since) becomes a
// note in the history, and the rest is still compared.
ChangeHistory read_change_history(ApiClient& client, const std::string& namespace_name,
                                  const std::string& deployment,
                                  const std::vector<std::string>& config_maps);

}  // namespace kexit::kube
