#pragma once
// Finds the client configuration the way kubectl does: --kubeconfig, else KUBECONFIG, else
// ~/.kube/config, else the in-cluster service account; then --context and -n.

#include <functional>
#include <optional>
#include <string>

#include "base/expected.h"
#include "kube/client_config.h"
#include "kube/client_overrides.h"

namespace kexit::kube {

struct ConfigRequest {
  std::string kubeconfig;      // --kubeconfig
  std::string context;         // --context
  std::string namespace_name;  // -n
  // --as, --as-group, --insecure-skip-tls-verify (the transport's parts are applied by the
  // caller that builds the client).
  ClientOverrides overrides;
};

// Where configuration comes from besides the flags; tests replace all of it.
struct ConfigEnvironment {
  std::function<std::optional<std::string>(const std::string&)> getenv;
  std::string home;
  std::string service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount";

  // The process's environment and $HOME.
  static ConfigEnvironment from_process();
};

// The config the request names, with its overrides applied.
Expected<ClientConfig> load_client_config(const ConfigRequest& request,
                                          const ConfigEnvironment& environment);

}  // namespace kexit::kube
