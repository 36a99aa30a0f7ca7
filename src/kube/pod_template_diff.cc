#include "kube/pod_template_diff.h"

#include <map>
#include <set>

#include "base/json_field_reader.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

const json& field(const json& object, const char* name) {
  static const json kNull;
  if (!object.is_object()) {
    return kNull;
  }
  auto found = object.find(name);
  return found == object.end() ? kNull : *found;
}

// name -> container object, for the regular and init containers of a pod spec.
std::map<std::string, const json*> containers_by_name(const json& spec) {
  std::map<std::string, const json*> containers;
  for (const char* list : {"initContainers", "containers"}) {
    const json& items = field(spec, list);
    if (!items.is_array()) {
      continue;
    }
    for (const json& container : items) {
      containers[string_or_empty(container, "name")] = &container;
    }
  }
  return containers;
}

std::string text_of(const json& value) {
  if (value.is_null()) {
    return "(none)";
  }
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// env name -> its definition. Values are compared, never shown: an env value may be a
// credential, and kexit prints no env value anywhere (docs/save.md).
std::map<std::string, json> env_by_name(const json& container) {
  std::map<std::string, json> env;
  const json& items = field(container, "env");
  if (items.is_array()) {
    for (const json& item : items) {
      env[string_or_empty(item, "name")] = item;
    }
  }
  return env;
}

void diff_env(const std::string& prefix, const json& before, const json& after,
              std::vector<std::string>& out) {
  auto old_env = env_by_name(before);
  auto new_env = env_by_name(after);
  for (const auto& [name, definition] : new_env) {
    auto old = old_env.find(name);
    if (old == old_env.end()) {
      out.push_back(prefix + "env " + name + " added");
    } else if (old->second != definition) {
      out.push_back(prefix + "env " + name + " changed");
    }
  }
  for (const auto& [name, definition] : old_env) {
    if (new_env.count(name) == 0) {
      out.push_back(prefix + "env " + name + " removed");
    }
  }
  if (field(before, "envFrom") != field(after, "envFrom")) {
    out.push_back(prefix + "envFrom changed");
  }
}

void diff_resources(const std::string& prefix, const json& before, const json& after,
                    std::vector<std::string>& out) {
  for (const char* kind : {"limits", "requests"}) {
    const json& old_values = field(field(before, "resources"), kind);
    const json& new_values = field(field(after, "resources"), kind);
    std::set<std::string> names;
    for (const json* values : {&old_values, &new_values}) {
      if (values->is_object()) {
        for (const auto& item : values->items()) {
          names.insert(item.key());
        }
      }
    }
    const std::string singular = std::string(kind) == "limits" ? "limit" : "request";
    for (const auto& name : names) {
      const json& old_value = field(old_values, name.c_str());
      const json& new_value = field(new_values, name.c_str());
      if (old_value != new_value) {
        out.push_back(prefix + name + " " + singular + " " + text_of(old_value) + " -> " +
                      text_of(new_value));
      }
    }
  }
}

void diff_container(const std::string& name, const json& before, const json& after,
                    std::vector<std::string>& out) {
  const std::string prefix = "container " + name + ": ";
  if (field(before, "image") != field(after, "image")) {
    out.push_back(prefix + "image " + text_of(field(before, "image")) + " -> " +
                  text_of(field(after, "image")));
  }
  diff_env(prefix, before, after, out);
  diff_resources(prefix, before, after, out);
  // Named, not shown: arguments carry passwords often enough (--password=...).
  for (const char* list : {"command", "args"}) {
    if (field(before, list) != field(after, list)) {
      out.push_back(prefix + list + " changed");
    }
  }
}

// Each Secret reference of a pod spec as "secret NAME" or "secret NAME key KEY", with where.
std::set<std::string> secret_references(const json& spec) {
  std::set<std::string> references;
  for (const auto& [container_name, container] : containers_by_name(spec)) {
    const json& env = field(*container, "env");
    for (const json& item : env.is_array() ? env : json::array()) {
      const json& key_ref = field(field(item, "valueFrom"), "secretKeyRef");
      if (key_ref.is_object()) {
        references.insert("secret " + string_or_empty(key_ref, "name") + " key " +
                          string_or_empty(key_ref, "key") + " (env " +
                          string_or_empty(item, "name") + ")");
      }
    }
    const json& env_from = field(*container, "envFrom");
    for (const json& item : env_from.is_array() ? env_from : json::array()) {
      const json& secret = field(item, "secretRef");
      if (secret.is_object()) {
        references.insert("secret " + string_or_empty(secret, "name") + " (envFrom)");
      }
    }
  }
  const json& volumes = field(spec, "volumes");
  for (const json& volume : volumes.is_array() ? volumes : json::array()) {
    const json& secret = field(volume, "secret");
    if (secret.is_object()) {
      references.insert("secret " + string_or_empty(secret, "secretName") + " (volume " +
                        string_or_empty(volume, "name") + ")");
    }
  }
  return references;
}

void diff_secret_references(const json& before, const json& after, std::vector<std::string>& out) {
  auto old_references = secret_references(field(before, "spec"));
  auto new_references = secret_references(field(after, "spec"));
  for (const auto& reference : new_references) {
    if (old_references.count(reference) == 0) {
      out.push_back("now refers to " + reference);
    }
  }
  for (const auto& reference : old_references) {
    if (new_references.count(reference) == 0) {
      out.push_back("no longer refers to " + reference);
    }
  }
}

// Helm charts and others put a hash of a Secret's or ConfigMap's content in a `checksum/*`
// annotation so that a changed Secret rolls the pods: that is the only sign of a Secret's change
// kexit takes, since it never reads Secrets.
void diff_checksums(const json& before, const json& after, std::vector<std::string>& out) {
  const json& old_annotations = field(field(before, "metadata"), "annotations");
  const json& new_annotations = field(field(after, "metadata"), "annotations");
  std::set<std::string> names;
  for (const json* annotations : {&old_annotations, &new_annotations}) {
    if (annotations->is_object()) {
      for (const auto& item : annotations->items()) {
        if (item.key().starts_with("checksum/")) {
          names.insert(item.key());
        }
      }
    }
  }
  for (const auto& name : names) {
    if (field(old_annotations, name.c_str()) != field(new_annotations, name.c_str())) {
      out.push_back("annotation " + name + " changed");
    }
  }
}

void add_config_map(const json& reference, const char* key, std::set<std::string>& names) {
  std::string name = string_or_empty(reference, key);
  if (reference.is_object() && !name.empty()) {
    names.insert(name);
  }
}

}  // namespace

std::vector<std::string> diff_pod_templates(const json& before, const json& after) {
  std::vector<std::string> out;
  auto old_containers = containers_by_name(field(before, "spec"));
  auto new_containers = containers_by_name(field(after, "spec"));
  for (const auto& [name, container] : new_containers) {
    auto old = old_containers.find(name);
    if (old == old_containers.end()) {
      out.push_back("container " + name + " added");
    } else {
      diff_container(name, *old->second, *container, out);
    }
  }
  for (const auto& [name, container] : old_containers) {
    if (new_containers.count(name) == 0) {
      out.push_back("container " + name + " removed");
    }
  }
  diff_secret_references(before, after, out);
  diff_checksums(before, after, out);
  return out;
}

std::vector<std::string> referenced_config_maps(const json& pod_spec) {
  std::set<std::string> names;
  for (const auto& [container_name, container] : containers_by_name(pod_spec)) {
    const json& env = field(*container, "env");
    for (const json& item : env.is_array() ? env : json::array()) {
      add_config_map(field(field(item, "valueFrom"), "configMapKeyRef"), "name", names);
    }
    const json& env_from = field(*container, "envFrom");
    for (const json& item : env_from.is_array() ? env_from : json::array()) {
      add_config_map(field(item, "configMapRef"), "name", names);
    }
  }
  const json& volumes = field(pod_spec, "volumes");
  for (const json& volume : volumes.is_array() ? volumes : json::array()) {
    add_config_map(field(volume, "configMap"), "name", names);
    const json& sources = field(field(volume, "projected"), "sources");
    for (const json& source : sources.is_array() ? sources : json::array()) {
      add_config_map(field(source, "configMap"), "name", names);
    }
  }
  return {names.begin(), names.end()};
}

}  // namespace kexit::kube
