#include "kubesim/rbac_authorizer.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "base/text.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

const char* const kClusterRoles = "clusterroles.rbac.authorization.k8s.io";
const char* const kClusterRoleBindings = "clusterrolebindings.rbac.authorization.k8s.io";
const char* const kRoles = "roles.rbac.authorization.k8s.io";
const char* const kRoleBindings = "rolebindings.rbac.authorization.k8s.io";

std::vector<std::string> strings_at(const json& object, const char* key) {
  std::vector<std::string> values;
  auto found = object.find(key);
  if (found == object.end() || !found->is_array()) {
    return values;
  }
  for (const auto& value : *found) {
    if (value.is_string()) {
      values.push_back(value.get<std::string>());
    }
  }
  return values;
}

bool has(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool has_or_all(const std::vector<std::string>& values, const std::string& value) {
  return has(values, "*") || has(values, value);
}

// plugin/pkg/auth/authorizer/rbac/rbac.go appliesToUser.
bool binds_user(const json& binding, const std::string& binding_namespace, const User& user) {
  auto subjects = binding.find("subjects");
  if (subjects == binding.end() || !subjects->is_array()) {
    return false;
  }
  for (const auto& subject : *subjects) {
    std::string kind = subject.value("kind", "");
    std::string name = subject.value("name", "");
    if (kind == "User" && name == user.name) {
      return true;
    }
    if (kind == "Group" && has(user.groups, name)) {
      return true;
    }
    if (kind == "ServiceAccount") {
      std::string namespace_name = subject.value("namespace", binding_namespace);
      if (!namespace_name.empty() &&
          user.name == "system:serviceaccount:" + namespace_name + ":" + name) {
        return true;
      }
    }
  }
  return false;
}

// pkg/apis/rbac/v1/evaluation_helpers.go ResourceMatches.
bool resource_matches(const std::vector<std::string>& resources, const RequestAttributes& request) {
  std::string combined =
      request.subresource.empty() ? request.resource : request.resource + "/" + request.subresource;
  for (const auto& resource : resources) {
    if (resource == "*" || resource == combined) {
      return true;
    }
    if (!request.subresource.empty() && resource == "*/" + request.subresource) {
      return true;
    }
  }
  return false;
}

bool non_resource_matches(const std::vector<std::string>& urls, const std::string& path) {
  for (const auto& url : urls) {
    if (url == "*" || url == path) {
      return true;
    }
    if (ends_with(url, "*") && starts_with(path, url.substr(0, url.size() - 1))) {
      return true;
    }
  }
  return false;
}

bool rule_allows(const json& rule, const RequestAttributes& request) {
  if (!has_or_all(strings_at(rule, "verbs"), request.verb)) {
    return false;
  }
  if (!request.resource_request) {
    return non_resource_matches(strings_at(rule, "nonResourceURLs"), request.path);
  }
  if (!has_or_all(strings_at(rule, "apiGroups"), request.group) ||
      !resource_matches(strings_at(rule, "resources"), request)) {
    return false;
  }
  std::vector<std::string> names = strings_at(rule, "resourceNames");
  return names.empty() || has(names, request.name);
}

bool role_allows(const ObjectStore& store, const json& binding,
                 const std::string& binding_namespace, const RequestAttributes& request) {
  json reference = binding.value("roleRef", json::object());
  std::string kind = reference.value("kind", "");
  std::string name = reference.value("name", "");
  ObjectPtr role;
  if (kind == "ClusterRole") {
    role = store.get(kClusterRoles, "", name);
  } else if (kind == "Role" && !binding_namespace.empty()) {
    role = store.get(kRoles, binding_namespace, name);
  }
  if (!role) {
    return false;
  }
  json rules = json::parse(role->json).value("rules", json::array());
  if (!rules.is_array()) {
    return false;
  }
  return std::any_of(rules.begin(), rules.end(),
                     [&](const json& rule) { return rule_allows(rule, request); });
}

bool any_binding_allows(const ObjectStore& store, const char* storage,
                        const std::string& namespace_name, const User& user,
                        const RequestAttributes& request) {
  ListPage bindings = store.snapshot(storage, namespace_name);
  for (const auto& stored : bindings.items) {
    json binding = json::parse(stored->json);
    if (binds_user(binding, stored->namespace_name, user) &&
        role_allows(store, binding, stored->namespace_name, request)) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool rbac_allows(const ObjectStore& store, const User& user, const RequestAttributes& request) {
  if (any_binding_allows(store, kClusterRoleBindings, "", user, request)) {
    return true;
  }
  return !request.namespace_name.empty() &&
         any_binding_allows(store, kRoleBindings, request.namespace_name, user, request);
}

}  // namespace kexit::kubesim
