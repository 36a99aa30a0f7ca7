#include "kube/kubeconfig.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "base/file_reading.h"
#include "base/json_field_reader.h"
#include "base/structured_text.h"
#include "kube/base64.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

// Kubeconfigs are hand-written YAML: plain scalars such as `namespace: 2024` are strings as
// written, as kubectl reads them.
JsonFieldReader reader_of(const json& object, std::string file, std::string path) {
  return JsonFieldReader(object, std::move(file), std::move(path), Scalars::kAsWritten);
}

// Base64 `*-data` fields, decoded.
Expected<std::string> base64_field(const JsonFieldReader& fields, const std::string& field) {
  KEXIT_ASSIGN(encoded, fields.string_field(field));
  auto decoded = base64_decode(encoded);
  if (!decoded) {
    return fields.error_at(field,
                           "not valid base64; paste the base64 of the PEM file (base64 -w0 FILE)");
  }
  return *decoded;
}

// Paths in a kubeconfig are relative to the file that holds them.
std::string resolve(const std::string& path, const std::filesystem::path& directory) {
  if (path.empty() || std::filesystem::path(path).is_absolute()) {
    return path;
  }
  return (directory / path).lexically_normal().string();
}

Expected<KubeconfigCluster> parse_cluster(const JsonFieldReader& entry,
                                          const std::filesystem::path& directory) {
  KEXIT_ASSIGN(fields, entry.object_field("cluster"));
  KubeconfigCluster cluster;
  cluster.where = entry.where();
  KEXIT_ASSIGN_TO(cluster.server, fields.string_field("server"));
  KEXIT_ASSIGN_TO(cluster.tls_server_name, fields.string_field("tls-server-name"));
  KEXIT_ASSIGN_TO(cluster.insecure_skip_tls_verify, fields.bool_field("insecure-skip-tls-verify"));
  KEXIT_ASSIGN(authority, fields.string_field("certificate-authority"));
  cluster.certificate_authority = resolve(authority, directory);
  KEXIT_ASSIGN_TO(cluster.certificate_authority_data,
                  base64_field(fields, "certificate-authority-data"));
  KEXIT_ASSIGN_TO(cluster.proxy_url, fields.string_field("proxy-url"));
  return cluster;
}

Status parse_exec_env(const JsonFieldReader& fields, ExecConfig& exec) {
  const json* env = fields.find("env");
  if (env == nullptr) {
    return ok_status();
  }
  if (!env->is_array()) {
    return fields.error_at("env", "expected a list of {name, value}");
  }
  for (std::size_t i = 0; i < env->size(); ++i) {
    if (!(*env)[i].is_object()) {
      return fields.error_at("env[" + std::to_string(i) + "]", "expected {name, value}");
    }
    JsonFieldReader variable =
        reader_of((*env)[i], fields.source(), fields.path() + ".env[" + std::to_string(i) + "]");
    KEXIT_ASSIGN(name, variable.string_field("name"));
    KEXIT_ASSIGN(value, variable.quoting_values(false).string_field("value"));
    if (name.empty()) {
      return variable.error_at("name", "missing: every exec env entry needs a name");
    }
    exec.env.emplace_back(name, value);
  }
  return ok_status();
}

Expected<ExecConfig> parse_exec(const JsonFieldReader& fields,
                                const std::filesystem::path& directory) {
  ExecConfig exec;
  KEXIT_ASSIGN(command, fields.string_field("command"));
  // A bare command name is looked up on PATH; only a path with a slash is relative to the file.
  exec.command = command.find('/') == std::string::npos ? command : resolve(command, directory);
  // Arguments often carry a secret (--client-secret=…): a wrong type names it, never quotes it.
  KEXIT_ASSIGN_TO(exec.args, fields.quoting_values(false).string_list("args"));
  KEXIT_ASSIGN_TO(exec.api_version, fields.string_field("apiVersion"));
  KEXIT_ASSIGN_TO(exec.install_hint, fields.string_field("installHint"));
  KEXIT_ASSIGN_TO(exec.provide_cluster_info, fields.bool_field("provideClusterInfo"));
  KEXIT_ASSIGN_TO(exec.interactive_mode, fields.string_field("interactiveMode"));
  KEXIT_CHECK(parse_exec_env(fields, exec));
  if (exec.command.empty()) {
    return fields.error_at("command", "missing: an exec plugin needs a command");
  }
  return exec;
}

// Credentials: a file path is relative to the kubeconfig, the -data form is base64. Errors name
// the type of a bad token, key or password, never its text.
Status parse_user_credentials(const JsonFieldReader& fields, const std::filesystem::path& directory,
                              KubeconfigUser& user) {
  const JsonFieldReader secret = fields.quoting_values(false);
  KEXIT_ASSIGN_TO(user.token, secret.string_field("token"));
  KEXIT_ASSIGN(token_file, fields.string_field("tokenFile"));
  user.token_file = resolve(token_file, directory);
  KEXIT_ASSIGN(certificate, fields.string_field("client-certificate"));
  user.client_certificate = resolve(certificate, directory);
  KEXIT_ASSIGN_TO(user.client_certificate_data, base64_field(fields, "client-certificate-data"));
  KEXIT_ASSIGN(key, fields.string_field("client-key"));
  user.client_key = resolve(key, directory);
  KEXIT_ASSIGN_TO(user.client_key_data, base64_field(secret, "client-key-data"));
  KEXIT_ASSIGN_TO(user.username, fields.string_field("username"));
  KEXIT_ASSIGN_TO(user.password, secret.string_field("password"));
  return ok_status();
}

Status parse_impersonation(const JsonFieldReader& fields, KubeconfigUser& user) {
  KEXIT_ASSIGN_TO(user.impersonate, fields.string_field("as"));
  KEXIT_ASSIGN_TO(user.impersonate_uid, fields.string_field("as-uid"));
  KEXIT_ASSIGN_TO(user.impersonate_groups, fields.string_list("as-groups"));
  const json* extra = fields.find("as-user-extra");
  if (extra == nullptr) {
    return ok_status();
  }
  if (!extra->is_object()) {
    return fields.error_at("as-user-extra", "expected a map of lists");
  }
  KEXIT_ASSIGN(extra_fields, fields.object_field("as-user-extra"));
  for (const auto& item : extra->items()) {
    KEXIT_ASSIGN_TO(user.impersonate_extra[item.key()], extra_fields.string_list(item.key()));
  }
  return ok_status();
}

Expected<KubeconfigUser> parse_user(const JsonFieldReader& entry,
                                    const std::filesystem::path& directory) {
  // A token pasted where the user's map belongs is not quoted either.
  KEXIT_ASSIGN(withheld, entry.quoting_values(false).object_field("user"));
  const JsonFieldReader fields = withheld.quoting_values(true);
  KubeconfigUser user;
  user.where = entry.where();
  KEXIT_CHECK(parse_user_credentials(fields, directory, user));
  KEXIT_CHECK(parse_impersonation(fields, user));
  if (fields.has("exec")) {
    KEXIT_ASSIGN(exec_fields, fields.object_field("exec"));
    KEXIT_ASSIGN_TO(user.exec, parse_exec(exec_fields, directory));
  }
  if (fields.has("auth-provider")) {
    // Its config holds the provider's tokens and secrets.
    KEXIT_ASSIGN(provider, fields.quoting_values(false).object_field("auth-provider"));
    KEXIT_ASSIGN(name, provider.string_field("name"));
    user.auth_provider = name.empty() ? "unnamed" : name;
  }
  return user;
}

Expected<KubeconfigContext> parse_context(const JsonFieldReader& entry) {
  KEXIT_ASSIGN(fields, entry.object_field("context"));
  KubeconfigContext context;
  context.where = entry.where();
  KEXIT_ASSIGN_TO(context.cluster, fields.string_field("cluster"));
  KEXIT_ASSIGN_TO(context.user, fields.string_field("user"));
  KEXIT_ASSIGN_TO(context.namespace_name, fields.string_field("namespace"));
  return context;
}

// Walks one of the named lists (clusters, users, contexts).
template <typename Entry, typename Parse>
Status parse_named_list(const JsonFieldReader& root, const std::string& field, const char* what,
                        std::map<std::string, Entry>& out, Parse parse) {
  const json* list = root.find(field);
  if (list == nullptr) {
    return ok_status();
  }
  if (!list->is_array()) {
    return root.error_at(field, "expected a list");
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string path = root.path() + "." + field + "[" + std::to_string(i) + "]";
    if (!(*list)[i].is_object()) {
      return Error{"expected a map with name and " + std::string(what), root.source() + ":" + path};
    }
    JsonFieldReader entry = reader_of((*list)[i], root.source(), path);
    KEXIT_ASSIGN(name, entry.string_field("name"));
    if (name.empty()) {
      return entry.error_at("name", std::string("missing: every ") + what + " entry needs a name");
    }
    if (out.count(name) != 0) {
      return entry.error_at("name", "duplicate " + std::string(what) + " name \"" + name +
                                        "\"; names must be unique within a file");
    }
    KEXIT_ASSIGN(parsed, parse(entry));
    out.emplace(name, std::move(parsed));
  }
  return ok_status();
}

}  // namespace

Expected<Kubeconfig> parse_kubeconfig(std::string_view text, const std::string& path) {
  Kubeconfig config;
  config.files.push_back(path);
  KEXIT_ASSIGN(documents, parse_json_or_yaml(text, path));
  if (documents.empty() || documents.front().is_null()) {
    return config;
  }
  const json& document = documents.front();
  if (!document.is_object()) {
    return Error{"expected a kubeconfig (a map with clusters, users and contexts)", path};
  }
  std::filesystem::path directory =
      std::filesystem::absolute(std::filesystem::path(path)).parent_path();
  JsonFieldReader root = reader_of(document, path, "");
  KEXIT_CHECK(parse_named_list(
      root, "clusters", "cluster", config.clusters,
      [&](const JsonFieldReader& entry) { return parse_cluster(entry, directory); }));
  KEXIT_CHECK(
      parse_named_list(root, "users", "user", config.users,
                       [&](const JsonFieldReader& entry) { return parse_user(entry, directory); }));
  KEXIT_CHECK(parse_named_list(root, "contexts", "context", config.contexts,
                               [&](const JsonFieldReader& entry) { return parse_context(entry); }));
  KEXIT_ASSIGN_TO(config.current_context, root.string_field("current-context"));
  return config;
}

void merge_kubeconfig(Kubeconfig& into, const Kubeconfig& later) {
  into.clusters.insert(later.clusters.begin(), later.clusters.end());
  into.users.insert(later.users.begin(), later.users.end());
  into.contexts.insert(later.contexts.begin(), later.contexts.end());
  if (into.current_context.empty()) {
    into.current_context = later.current_context;
  }
  into.files.insert(into.files.end(), later.files.begin(), later.files.end());
}

Expected<Kubeconfig> load_kubeconfig_files(const std::vector<std::string>& paths,
                                           MissingFile missing) {
  Kubeconfig merged;
  for (const std::string& path : paths) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
      if (missing == MissingFile::kError) {
        return Error{"kubeconfig file not found; check --kubeconfig", path};
      }
      continue;
    }
    KEXIT_ASSIGN(text, read_file(path));
    KEXIT_ASSIGN(config, parse_kubeconfig(text, path));
    merge_kubeconfig(merged, config);
  }
  return merged;
}

}  // namespace kexit::kube
