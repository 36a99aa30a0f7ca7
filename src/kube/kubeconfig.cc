#include "kube/kubeconfig.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "base/file_reading.h"
#include "base/structured_text.h"
#include "kube/base64.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

// Reads the fields of one kubeconfig object, naming "file:.path.field" in errors. YAML plain
// scalars may arrive as numbers or booleans ("namespace: 2024"); string fields take them as
// written.
class Fields {
 public:
  Fields(const json& object, std::string file, std::string path)
      : object_(object), file_(std::move(file)), path_(std::move(path)) {}

  std::string where(const std::string& field = "") const {
    return file_ + ":" + path_ + (field.empty() ? "" : "." + field);
  }
  Error error(const std::string& field, const std::string& what) const {
    return Error{what, where(field)};
  }
  const json* find(const std::string& field) const {
    auto it = object_.find(field);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }

  Expected<std::string> text(const std::string& field) const {
    const json* value = find(field);
    if (value == nullptr) {
      return std::string();
    }
    if (value->is_string()) {
      return value->get<std::string>();
    }
    if (value->is_number() || value->is_boolean()) {
      return value->dump();
    }
    return error(field, "expected a string");
  }

  Expected<bool> flag(const std::string& field) const {
    const json* value = find(field);
    if (value == nullptr) {
      return false;
    }
    if (value->is_boolean()) {
      return value->get<bool>();
    }
    if (value->is_string() && (*value == "true" || *value == "false")) {
      return *value == "true";
    }
    return error(field, "expected true or false");
  }

  Expected<std::vector<std::string>> text_list(const std::string& field) const {
    std::vector<std::string> items;
    const json* value = find(field);
    if (value == nullptr) {
      return items;
    }
    if (!value->is_array()) {
      return error(field, "expected a list of strings");
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const json& item = (*value)[i];
      if (item.is_string()) {
        items.push_back(item.get<std::string>());
      } else if (item.is_number() || item.is_boolean()) {
        items.push_back(item.dump());
      } else {
        return error(field + "[" + std::to_string(i) + "]", "expected a string");
      }
    }
    return items;
  }

  // Base64 `*-data` fields, decoded.
  Expected<std::string> data(const std::string& field) const {
    KEXIT_ASSIGN(encoded, text(field));
    auto decoded = base64_decode(encoded);
    if (!decoded) {
      return error(field, "not valid base64; paste the base64 of the PEM file (base64 -w0 FILE)");
    }
    return *decoded;
  }

  Expected<Fields> child(const std::string& field) const {
    static const json kEmpty = json::object();
    const json* value = find(field);
    if (value == nullptr) {
      return Fields(kEmpty, file_, path_ + "." + field);
    }
    if (!value->is_object()) {
      return error(field, "expected a map");
    }
    return Fields(*value, file_, path_ + "." + field);
  }

  const json& object() const { return object_; }
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }

 private:
  const json& object_;
  std::string file_;
  std::string path_;
};

// Paths in a kubeconfig are relative to the file that holds them.
std::string resolve(const std::string& path, const std::filesystem::path& directory) {
  if (path.empty() || std::filesystem::path(path).is_absolute()) {
    return path;
  }
  return (directory / path).lexically_normal().string();
}

Expected<KubeconfigCluster> parse_cluster(const Fields& entry,
                                          const std::filesystem::path& directory) {
  KEXIT_ASSIGN(fields, entry.child("cluster"));
  KubeconfigCluster cluster;
  cluster.where = entry.where();
  KEXIT_ASSIGN(server, fields.text("server"));
  KEXIT_ASSIGN(server_name, fields.text("tls-server-name"));
  KEXIT_ASSIGN(insecure, fields.flag("insecure-skip-tls-verify"));
  KEXIT_ASSIGN(authority, fields.text("certificate-authority"));
  KEXIT_ASSIGN(authority_data, fields.data("certificate-authority-data"));
  KEXIT_ASSIGN(proxy, fields.text("proxy-url"));
  cluster.server = server;
  cluster.tls_server_name = server_name;
  cluster.insecure_skip_tls_verify = insecure;
  cluster.certificate_authority = resolve(authority, directory);
  cluster.certificate_authority_data = authority_data;
  cluster.proxy_url = proxy;
  return cluster;
}

Expected<ExecConfig> parse_exec(const Fields& fields, const std::filesystem::path& directory) {
  ExecConfig exec;
  KEXIT_ASSIGN(command, fields.text("command"));
  KEXIT_ASSIGN(args, fields.text_list("args"));
  KEXIT_ASSIGN(api_version, fields.text("apiVersion"));
  KEXIT_ASSIGN(hint, fields.text("installHint"));
  KEXIT_ASSIGN(cluster_info, fields.flag("provideClusterInfo"));
  KEXIT_ASSIGN(interactive, fields.text("interactiveMode"));
  // A bare command name is looked up on PATH; only a path with a slash is relative to the file.
  exec.command = command.find('/') == std::string::npos ? command : resolve(command, directory);
  exec.args = std::move(args);
  exec.api_version = api_version;
  exec.install_hint = hint;
  exec.provide_cluster_info = cluster_info;
  exec.interactive_mode = interactive;
  if (const json* env = fields.find("env")) {
    if (!env->is_array()) {
      return fields.error("env", "expected a list of {name, value}");
    }
    for (std::size_t i = 0; i < env->size(); ++i) {
      if (!(*env)[i].is_object()) {
        return fields.error("env[" + std::to_string(i) + "]", "expected {name, value}");
      }
      Fields variable((*env)[i], fields.file(), fields.path() + ".env[" + std::to_string(i) + "]");
      KEXIT_ASSIGN(name, variable.text("name"));
      KEXIT_ASSIGN(value, variable.text("value"));
      if (name.empty()) {
        return variable.error("name", "missing: every exec env entry needs a name");
      }
      exec.env.emplace_back(name, value);
    }
  }
  if (exec.command.empty()) {
    return fields.error("command", "missing: an exec plugin needs a command");
  }
  return exec;
}

Expected<KubeconfigUser> parse_user(const Fields& entry, const std::filesystem::path& directory) {
  KEXIT_ASSIGN(fields, entry.child("user"));
  KubeconfigUser user;
  user.where = entry.where();
  KEXIT_ASSIGN(token, fields.text("token"));
  KEXIT_ASSIGN(token_file, fields.text("tokenFile"));
  KEXIT_ASSIGN(certificate, fields.text("client-certificate"));
  KEXIT_ASSIGN(certificate_data, fields.data("client-certificate-data"));
  KEXIT_ASSIGN(key, fields.text("client-key"));
  KEXIT_ASSIGN(key_data, fields.data("client-key-data"));
  KEXIT_ASSIGN(username, fields.text("username"));
  KEXIT_ASSIGN(password, fields.text("password"));
  KEXIT_ASSIGN(impersonate, fields.text("as"));
  KEXIT_ASSIGN(impersonate_uid, fields.text("as-uid"));
  KEXIT_ASSIGN(impersonate_groups, fields.text_list("as-groups"));
  user.token = token;
  user.token_file = resolve(token_file, directory);
  user.client_certificate = resolve(certificate, directory);
  user.client_certificate_data = certificate_data;
  user.client_key = resolve(key, directory);
  user.client_key_data = key_data;
  user.username = username;
  user.password = password;
  user.impersonate = impersonate;
  user.impersonate_uid = impersonate_uid;
  user.impersonate_groups = std::move(impersonate_groups);
  if (const json* extra = fields.find("as-user-extra")) {
    if (!extra->is_object()) {
      return fields.error("as-user-extra", "expected a map of lists");
    }
    KEXIT_ASSIGN(extra_fields, fields.child("as-user-extra"));
    for (const auto& [key_name, values] : extra->items()) {
      (void)values;
      KEXIT_ASSIGN(list, extra_fields.text_list(key_name));
      user.impersonate_extra[key_name] = std::move(list);
    }
  }
  if (fields.find("exec") != nullptr) {
    KEXIT_ASSIGN(exec_fields, fields.child("exec"));
    KEXIT_ASSIGN(exec, parse_exec(exec_fields, directory));
    user.exec = std::move(exec);
  }
  if (fields.find("auth-provider") != nullptr) {
    KEXIT_ASSIGN(provider, fields.child("auth-provider"));
    KEXIT_ASSIGN(name, provider.text("name"));
    user.auth_provider = name.empty() ? "unnamed" : name;
  }
  return user;
}

Expected<KubeconfigContext> parse_context(const Fields& entry) {
  KEXIT_ASSIGN(fields, entry.child("context"));
  KubeconfigContext context;
  context.where = entry.where();
  KEXIT_ASSIGN(cluster, fields.text("cluster"));
  KEXIT_ASSIGN(user, fields.text("user"));
  KEXIT_ASSIGN(namespace_name, fields.text("namespace"));
  context.cluster = cluster;
  context.user = user;
  context.namespace_name = namespace_name;
  return context;
}

// Walks one of the named lists (clusters, users, contexts).
template <typename Entry, typename Parse>
Status parse_named_list(const Fields& root, const std::string& field, const char* what,
                        std::map<std::string, Entry>& out, Parse parse) {
  const json* list = root.find(field);
  if (list == nullptr) {
    return ok_status();
  }
  if (!list->is_array()) {
    return root.error(field, "expected a list");
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string path = root.path() + "." + field + "[" + std::to_string(i) + "]";
    if (!(*list)[i].is_object()) {
      return Error{"expected a map with name and " + std::string(what), root.file() + ":" + path};
    }
    Fields entry((*list)[i], root.file(), path);
    KEXIT_ASSIGN(name, entry.text("name"));
    if (name.empty()) {
      return entry.error("name", std::string("missing: every ") + what + " entry needs a name");
    }
    if (out.count(name) != 0) {
      return entry.error("name", "duplicate " + std::string(what) + " name \"" + name +
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
  Fields root(document, path, "");
  KEXIT_CHECK(
      parse_named_list(root, "clusters", "cluster", config.clusters,
                       [&](const Fields& entry) { return parse_cluster(entry, directory); }));
  KEXIT_CHECK(parse_named_list(root, "users", "user", config.users,
                               [&](const Fields& entry) { return parse_user(entry, directory); }));
  KEXIT_CHECK(parse_named_list(root, "contexts", "context", config.contexts,
                               [&](const Fields& entry) { return parse_context(entry); }));
  KEXIT_ASSIGN(current, root.text("current-context"));
  config.current_context = current;
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
