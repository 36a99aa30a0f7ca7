#pragma once
// Exec credential plugins (client.authentication.k8s.io v1 and v1beta1): running one and
// reading the ExecCredential it prints.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "base/expected.h"
#include "kube/clock.h"
#include "kube/kubeconfig.h"

namespace kexit::kube {

// The cluster, passed to plugins that set provideClusterInfo.
struct ExecClusterInfo {
  std::string server;
  std::string tls_server_name;
  bool insecure_skip_tls_verify = false;
  std::string ca_pem;
  std::string proxy_url;
};

struct ExecCredential {
  std::string token;
  std::string client_certificate_pem;
  std::string client_key_pem;
  // nullopt: valid until the server answers 401.
  std::optional<TimePoint> expiration;
};

struct ExecRunOptions {
  bool stdin_is_terminal = false;
  // For non-interactive runs; an interactive login may take as long as the user needs.
  std::chrono::milliseconds timeout{std::chrono::minutes(2)};
};

// The KUBERNETES_EXEC_INFO value: an ExecCredential with spec.interactive (and spec.cluster).
std::string exec_info_json(const ExecConfig& exec, const ExecClusterInfo& cluster,
                           bool interactive);

// Decodes the plugin's standard output.
Expected<ExecCredential> parse_exec_credential(std::string_view output, const ExecConfig& exec);

// Runs the plugin with its args and env plus KUBERNETES_EXEC_INFO; stdin is passed through only
// when interactive (a terminal, and interactiveMode is not Never).
Expected<ExecCredential> run_exec_plugin(const ExecConfig& exec, const ExecClusterInfo& cluster,
                                         const ExecRunOptions& options);

}  // namespace kexit::kube
