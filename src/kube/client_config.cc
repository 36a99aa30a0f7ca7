#include "kube/client_config.h"

#include "base/file_reading.h"
#include "base/text.h"

namespace kexit::kube {
namespace {

std::string names_of(const std::map<std::string, KubeconfigContext>& contexts) {
  std::vector<std::string> names;
  for (const auto& [name, context] : contexts) {
    names.push_back(name);
  }
  return names.empty() ? "none" : join(names, ", ");
}

std::string files_of(const Kubeconfig& kubeconfig) {
  return kubeconfig.files.empty() ? "the kubeconfig" : join(kubeconfig.files, ":");
}

// A PEM from `*-data` or from a file; both is kubectl's validation error.
Expected<std::string> pem_from(const std::string& data, const std::string& path,
                               const std::string& data_field, const std::string& path_field,
                               const std::string& where) {
  if (!data.empty() && !path.empty()) {
    return Error{data_field + " and " + path_field + " are both set; keep one", where};
  }
  if (!path.empty()) {
    auto text = read_file(path);
    if (!text) {
      return Error{"cannot read " + path_field + " " + path + ": " + text.error().message, where};
    }
    return *text;
  }
  return data;
}

Status check_exec(const ExecConfig& exec, const std::string& user, const std::string& where) {
  static const std::string kV1 = "client.authentication.k8s.io/v1";
  static const std::string kV1beta1 = "client.authentication.k8s.io/v1beta1";
  if (exec.api_version != kV1 && exec.api_version != kV1beta1) {
    return Error{"exec plugin of user \"" + user + "\" has apiVersion \"" + exec.api_version +
                     "\"; kexit supports " + kV1 + " and " + kV1beta1 +
                     " (update the plugin or its kubeconfig entry)",
                 where};
  }
  const std::string& mode = exec.interactive_mode;
  if (mode.empty() && exec.api_version == kV1) {
    return Error{"exec plugin of user \"" + user +
                     "\" must set interactiveMode (Never, IfAvailable or Always) with " + kV1,
                 where};
  }
  if (!mode.empty() && mode != "Never" && mode != "IfAvailable" && mode != "Always") {
    return Error{"exec plugin of user \"" + user + "\" has interactiveMode \"" + mode +
                     "\"; use Never, IfAvailable or Always",
                 where};
  }
  return ok_status();
}

}  // namespace

std::string ClientConfig::describe() const {
  if (in_cluster) {
    return "in-cluster config (" + server.url() + ")";
  }
  return "context \"" + context_name + "\" (" + server.url() + ")";
}

namespace {

// The context to use: the named one, else the current-context.
Expected<const KubeconfigContext*> find_context(const Kubeconfig& kubeconfig,
                                                const std::string& name) {
  if (name.empty()) {
    return Error{"no current-context in " + files_of(kubeconfig) +
                 "; pass --context NAME (contexts: " + names_of(kubeconfig.contexts) +
                 ") or run kubectl config use-context NAME"};
  }
  auto context_it = kubeconfig.contexts.find(name);
  if (context_it == kubeconfig.contexts.end()) {
    return Error{"context \"" + name + "\" not found in " + files_of(kubeconfig) +
                 "; contexts: " + names_of(kubeconfig.contexts)};
  }
  return &context_it->second;
}

// The server, proxy and TLS settings of the context's cluster.
Status apply_cluster(const Kubeconfig& kubeconfig, const KubeconfigContext& context,
                     const std::string& name, ClientConfig& config) {
  auto cluster_it = kubeconfig.clusters.find(context.cluster);
  if (cluster_it == kubeconfig.clusters.end()) {
    return Error{"cluster \"" + context.cluster + "\" of context \"" + name +
                     "\" is not defined; add it under clusters or fix the context",
                 context.where};
  }
  const KubeconfigCluster& cluster = cluster_it->second;
  if (cluster.server.empty()) {
    return Error{"cluster \"" + context.cluster + "\" has no server; set its server URL",
                 cluster.where};
  }
  auto server = parse_server_address(cluster.server);
  if (!server) {
    return Error{server.error().message, cluster.where};
  }
  config.server = *server;
  config.proxy_url = cluster.proxy_url;
  config.tls.insecure = cluster.insecure_skip_tls_verify;
  config.tls.server_name = cluster.tls_server_name;
  KEXIT_ASSIGN(ca, pem_from(cluster.certificate_authority_data, cluster.certificate_authority,
                            "certificate-authority-data", "certificate-authority", cluster.where));
  if (config.tls.insecure && !ca.empty()) {
    return Error{
        "insecure-skip-tls-verify is set together with a certificate authority; "
        "remove one of them",
        cluster.where};
  }
  config.tls.ca_pem = ca;
  config.tls.ca_where = cluster.where + (cluster.certificate_authority.empty()
                                             ? ".cluster.certificate-authority-data"
                                             : ".cluster.certificate-authority (" +
                                                   cluster.certificate_authority + ")");
  return ok_status();
}

// Refuses what kubectl refuses or kexit cannot do: auth-provider, a token beside a password.
Status check_user(const KubeconfigUser& user, const std::string& user_name) {
  if (!user.auth_provider.empty()) {
    return Error{"user \"" + user_name + "\" uses auth-provider \"" + user.auth_provider +
                     "\", which kubectl dropped in 1.26 and kexit does not support; switch "
                     "to an exec credential plugin (gke-gcloud-auth-plugin, kubelogin, "
                     "aws eks get-token) as your cloud's docs describe",
                 user.where};
  }
  bool has_token = !user.token.empty() || !user.token_file.empty();
  bool has_basic = !user.username.empty() || !user.password.empty();
  if (has_token && has_basic) {
    return Error{"user \"" + user_name + "\" sets both a token and a username/password; keep one",
                 user.where};
  }
  return ok_status();
}

// The client certificate and key, both or neither.
Status apply_client_certificate(const KubeconfigUser& user, const std::string& user_name,
                                AuthSettings& auth) {
  KEXIT_ASSIGN(certificate, pem_from(user.client_certificate_data, user.client_certificate,
                                     "client-certificate-data", "client-certificate", user.where));
  KEXIT_ASSIGN(key, pem_from(user.client_key_data, user.client_key, "client-key-data", "client-key",
                             user.where));
  if (certificate.empty() != key.empty()) {
    return Error{"user \"" + user_name + "\" has a client " +
                     (certificate.empty() ? "key but no certificate" : "certificate but no key") +
                     "; set both client-certificate and client-key (or their -data forms)",
                 user.where};
  }
  auth.client_certificate_pem = certificate;
  auth.client_key_pem = key;
  return ok_status();
}

// The credentials and impersonation of the context's user, if it names one.
Status apply_user(const Kubeconfig& kubeconfig, const KubeconfigContext& context,
                  const std::string& name, AuthSettings& auth) {
  auto user_it = kubeconfig.users.find(context.user);
  if (user_it == kubeconfig.users.end()) {
    return Error{"user \"" + context.user + "\" of context \"" + name +
                     "\" is not defined; add it under users or fix the context",
                 context.where};
  }
  const KubeconfigUser& user = user_it->second;
  KEXIT_CHECK(check_user(user, context.user));
  auth.token = user.token;
  auth.token_file = user.token_file;
  auth.username = user.username;
  auth.password = user.password;
  KEXIT_CHECK(apply_client_certificate(user, context.user, auth));
  if (user.exec) {
    KEXIT_CHECK(check_exec(*user.exec, context.user, user.where));
    auth.exec = user.exec;
    if (auth.exec->interactive_mode.empty()) {
      auth.exec->interactive_mode = "IfAvailable";
    }
  }
  auth.impersonate = user.impersonate;
  auth.impersonate_uid = user.impersonate_uid;
  auth.impersonate_groups = user.impersonate_groups;
  auth.impersonate_extra = user.impersonate_extra;
  return ok_status();
}

}  // namespace

Expected<ClientConfig> client_config_from_kubeconfig(const Kubeconfig& kubeconfig,
                                                     const std::string& context_name,
                                                     const std::string& namespace_override) {
  std::string name = context_name.empty() ? kubeconfig.current_context : context_name;
  KEXIT_ASSIGN(context, find_context(kubeconfig, name));
  ClientConfig config;
  config.context_name = name;
  KEXIT_CHECK(apply_cluster(kubeconfig, *context, name, config));
  if (!context->user.empty()) {
    KEXIT_CHECK(apply_user(kubeconfig, *context, name, config.auth));
  }
  if (!namespace_override.empty()) {
    config.namespace_name = namespace_override;
  } else if (!context->namespace_name.empty()) {
    config.namespace_name = context->namespace_name;
  } else {
    config.namespace_name = "default";
  }
  return config;
}

}  // namespace kexit::kube
