#include "kube/config_loader.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "base/text.h"
#include "kube/in_cluster_config.h"

namespace kexit::kube {

ConfigEnvironment ConfigEnvironment::from_process() {
  ConfigEnvironment environment;
  environment.getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  };
  const char* home = std::getenv("HOME");
  environment.home = home != nullptr ? home : "";
  return environment;
}

namespace {

Expected<ClientConfig> load_named_config(const ConfigRequest& request,
                                         const ConfigEnvironment& environment) {
  if (!request.kubeconfig.empty()) {
    KEXIT_ASSIGN(kubeconfig, load_kubeconfig_files({request.kubeconfig}, MissingFile::kError));
    return client_config_from_kubeconfig(kubeconfig, request.context, request.namespace_name);
  }
  std::vector<std::string> paths;
  std::string looked_at;
  std::string variable =
      environment.getenv ? environment.getenv("KUBECONFIG").value_or("") : std::string();
  if (!variable.empty()) {
    for (std::string_view part : split(variable, ':')) {
      if (!part.empty()) {
        paths.emplace_back(part);
      }
    }
    looked_at = "KUBECONFIG=" + variable;
  } else if (!environment.home.empty()) {
    paths.push_back(environment.home + "/.kube/config");
    looked_at = paths.back() + " (KUBECONFIG is unset)";
  }
  KEXIT_ASSIGN(kubeconfig, load_kubeconfig_files(paths, MissingFile::kSkip));
  // Like client-go: the service account is used only when no kubeconfig says anything and no
  // context was asked for.
  if (kubeconfig.empty() && request.context.empty() && in_cluster_possible(environment)) {
    return load_in_cluster_config(environment, request.namespace_name);
  }
  if (kubeconfig.files.empty()) {
    return Error{"no kubeconfig found (looked at " + looked_at +
                 ") and not running in a cluster; pass --kubeconfig FILE or set KUBECONFIG"};
  }
  return client_config_from_kubeconfig(kubeconfig, request.context, request.namespace_name);
}

}  // namespace

Expected<ClientConfig> load_client_config(const ConfigRequest& request,
                                          const ConfigEnvironment& environment) {
  KEXIT_ASSIGN(config, load_named_config(request, environment));
  KEXIT_CHECK(apply_overrides(request.overrides, config));
  return config;
}

}  // namespace kexit::kube
