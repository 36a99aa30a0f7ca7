#pragma once
// ClientConfig: everything needed to talk to one API server (address, TLS, credentials,
// namespace), and how a kubeconfig context becomes one.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/expected.h"
#include "kube/kubeconfig.h"
#include "kube/server_address.h"

namespace kexit::kube {

struct TlsSettings {
  // PEM bundle to verify the server against; empty means the system's roots.
  std::string ca_pem;
  // Where ca_pem came from, for errors: "cfg:.clusters[0].cluster.certificate-authority".
  std::string ca_where;
  // insecure-skip-tls-verify: no server verification at all.
  bool insecure = false;
  // tls-server-name: the name to verify (and send as SNI) instead of the server's host.
  std::string server_name;
};

struct AuthSettings {
  std::string token;
  // Re-read as it rotates (bound service-account tokens, tokenFile).
  std::string token_file;
  std::string client_certificate_pem;
  std::string client_key_pem;
  std::string username;
  std::string password;
  std::optional<ExecConfig> exec;
  std::string impersonate;
  std::string impersonate_uid;
  std::vector<std::string> impersonate_groups;
  std::map<std::string, std::vector<std::string>> impersonate_extra;
};

struct ClientConfig {
  ServerAddress server;
  // proxy-url: an http:// proxy, tunnelled through with CONNECT.
  std::string proxy_url;
  TlsSettings tls;
  AuthSettings auth;
  // -n, else the context's namespace, else "default" (in-cluster: the pod's namespace).
  std::string namespace_name;
  // The kubeconfig context, or "" in a cluster.
  std::string context_name;
  bool in_cluster = false;

  // "context \"kind\" (https://127.0.0.1:6443)" or "in-cluster config (https://10.96.0.1:443)".
  std::string describe() const;
};

// The config for `context_name` (empty: current-context) of a merged kubeconfig, with files
// (CA, client certificate and key) read. `namespace_override` is -n. Unsupported or
// contradictory settings are errors that name the kubeconfig entry.
Expected<ClientConfig> client_config_from_kubeconfig(const Kubeconfig& kubeconfig,
                                                     const std::string& context_name,
                                                     const std::string& namespace_override);

}  // namespace kexit::kube
