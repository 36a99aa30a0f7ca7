#pragma once
// The in-cluster configuration of a pod: the API server from KUBERNETES_SERVICE_HOST/PORT and
// the service account's token, CA and namespace files.

#include <string>

#include "base/expected.h"
#include "kube/client_config.h"
#include "kube/config_loader.h"

namespace kexit::kube {

// True when the environment variables are set and the token file exists.
bool in_cluster_possible(const ConfigEnvironment& environment);

// The config of the pod's service account. The token is the file's path, re-read as the
// kubelet rotates it. Namespace: `namespace_override`, else POD_NAMESPACE, else the namespace
// file, else "default".
Expected<ClientConfig> load_in_cluster_config(const ConfigEnvironment& environment,
                                              const std::string& namespace_override);

}  // namespace kexit::kube
