#pragma once
// Kubeconfig: the clusters, users and contexts of one or more kubeconfig files, merged by
// kubectl's rules.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/expected.h"

namespace kexit::kube {

// users[].user.exec: a credential plugin.
struct ExecConfig {
  std::string command;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  // client.authentication.k8s.io/v1 or /v1beta1.
  std::string api_version;
  std::string install_hint;
  bool provide_cluster_info = false;
  // "Never", "IfAvailable" or "Always"; v1beta1 defaults to "IfAvailable", v1 requires it.
  std::string interactive_mode;
};

struct KubeconfigCluster {
  std::string server;
  std::string tls_server_name;
  bool insecure_skip_tls_verify = false;
  // A path, resolved against the kubeconfig's directory.
  std::string certificate_authority;
  // Decoded PEM of certificate-authority-data.
  std::string certificate_authority_data;
  std::string proxy_url;
  // Where the entry was defined: "/home/a/.kube/config:.clusters[0]".
  std::string where;
};

struct KubeconfigUser {
  std::string token;
  // A path, resolved against the kubeconfig's directory (as are the other paths below).
  std::string token_file;
  std::string client_certificate;
  std::string client_certificate_data;  // decoded PEM
  std::string client_key;
  std::string client_key_data;  // decoded PEM
  std::string username;
  std::string password;
  std::string impersonate;
  std::string impersonate_uid;
  std::vector<std::string> impersonate_groups;
  std::map<std::string, std::vector<std::string>> impersonate_extra;
  std::optional<ExecConfig> exec;
  // auth-provider.name when present ("gcp", "oidc", ...): no longer supported by kubectl.
  std::string auth_provider;
  std::string where;
};

struct KubeconfigContext {
  std::string cluster;
  std::string user;
  std::string namespace_name;
  std::string where;
};

struct Kubeconfig {
  std::map<std::string, KubeconfigCluster> clusters;
  std::map<std::string, KubeconfigUser> users;
  std::map<std::string, KubeconfigContext> contexts;
  std::string current_context;
  // The files read, in merge order (a merged config names all of them in messages).
  std::vector<std::string> files;

  bool empty() const { return clusters.empty() && users.empty() && contexts.empty(); }
};

// Parses one kubeconfig file's text; relative paths resolve against `path`'s directory. A name
// defined twice in one file is an error, as in kubectl.
Expected<Kubeconfig> parse_kubeconfig(std::string_view text, const std::string& path);

// Merges `later` into `into` as kubectl merges the files of KUBECONFIG: a cluster, user or
// context name defined by an earlier file wins whole (entries are never merged field by
// field), and current-context comes from the first file that sets it.
void merge_kubeconfig(Kubeconfig& into, const Kubeconfig& later);

enum class MissingFile { kSkip, kError };

// Reads and merges the files in order. Missing files are skipped with kSkip (KUBECONFIG's
// rule) and an error with kError (--kubeconfig).
Expected<Kubeconfig> load_kubeconfig_files(const std::vector<std::string>& paths,
                                           MissingFile missing);

}  // namespace kexit::kube
