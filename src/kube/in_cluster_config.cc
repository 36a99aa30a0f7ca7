#include "kube/in_cluster_config.h"

#include <filesystem>
#include <system_error>

#include "base/file_reading.h"
#include "base/text.h"

namespace kexit::kube {
namespace {

std::string env_or_empty(const ConfigEnvironment& environment, const std::string& name) {
  if (!environment.getenv) {
    return "";
  }
  return environment.getenv(name).value_or("");
}

}  // namespace

bool in_cluster_possible(const ConfigEnvironment& environment) {
  std::error_code error;
  return !env_or_empty(environment, "KUBERNETES_SERVICE_HOST").empty() &&
         !env_or_empty(environment, "KUBERNETES_SERVICE_PORT").empty() &&
         std::filesystem::exists(environment.service_account_dir + "/token", error);
}

Expected<ClientConfig> load_in_cluster_config(const ConfigEnvironment& environment,
                                              const std::string& namespace_override) {
  std::string host = env_or_empty(environment, "KUBERNETES_SERVICE_HOST");
  std::string port = env_or_empty(environment, "KUBERNETES_SERVICE_PORT");
  if (host.empty() || port.empty()) {
    return Error{
        "not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT "
        "are unset; pass --kubeconfig"};
  }
  std::string bracketed = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  KEXIT_ASSIGN(server, parse_server_address("https://" + bracketed + ":" + port));
  ClientConfig config;
  config.in_cluster = true;
  config.server = server;
  const std::string& directory = environment.service_account_dir;
  config.auth.token_file = directory + "/token";
  auto token = read_file(config.auth.token_file);
  if (!token) {
    return Error{"cannot read the service-account token: " + token.error().message +
                     "; is automountServiceAccountToken off for this pod?",
                 config.auth.token_file};
  }
  // client-go falls back to the system roots when ca.crt is unreadable; a clear error is
  // better than trusting a different set of authorities.
  auto ca = read_file(directory + "/ca.crt");
  if (!ca) {
    return Error{"cannot read the service-account CA: " + ca.error().message +
                     "; the pod's kube-api-access volume looks incomplete",
                 directory + "/ca.crt"};
  }
  config.tls.ca_pem = *ca;
  config.tls.ca_where = directory + "/ca.crt";
  if (!namespace_override.empty()) {
    config.namespace_name = namespace_override;
  } else if (std::string pod_namespace = env_or_empty(environment, "POD_NAMESPACE");
             !pod_namespace.empty()) {
    config.namespace_name = pod_namespace;
  } else if (auto file = read_file(directory + "/namespace"); file && !trim(*file).empty()) {
    config.namespace_name = std::string(trim(*file));
  } else {
    config.namespace_name = "default";
  }
  return config;
}

}  // namespace kexit::kube
