#include "kubesim/api_resource.h"

namespace kexit::kubesim {
namespace {

const std::vector<std::string> kAllVerbs = {"create", "delete", "deletecollection", "get",
                                            "list",   "patch",  "update",           "watch"};
const std::vector<std::string> kStatusVerbs = {"get", "patch", "update"};

// Every resource kubesim serves: group, version, plural, singular, kind, namespaced, verbs,
// short names, categories, subresources, and the store (empty: plural[.group], filled below).
// clang-format off
const std::vector<ResourceType> kResourceTable = {
    {"", "v1", "namespaces", "namespace", "Namespace", false, {"create", "delete", "get", "list", "patch", "update", "watch"}, {"ns"}, {}, {{"status", "Namespace", kStatusVerbs}}, ""},
    {"", "v1", "nodes", "node", "Node", false, kAllVerbs, {"no"}, {}, {{"status", "Node", kStatusVerbs}}, ""},
    {"", "v1", "pods", "pod", "Pod", true, kAllVerbs, {"po"}, {"all"}, {{"log", "Pod", {"get"}}, {"status", "Pod", kStatusVerbs}}, ""},
    {"", "v1", "events", "event", "Event", true, kAllVerbs, {"ev"}, {}, {}, "events"},
    // What `kubectl apply -k manifests/` creates besides the workloads: the agent's identity,
    // configuration and Service.
    {"", "v1", "configmaps", "configmap", "ConfigMap", true, kAllVerbs, {"cm"}, {}, {}, ""},
    {"", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, kAllVerbs, {"sa"}, {}, {{"token", "TokenRequest", {"create"}, "authentication.k8s.io"}}, ""},
    {"", "v1", "services", "service", "Service", true, {"create", "delete", "get", "list", "patch", "update", "watch"}, {"svc"}, {"all"}, {{"status", "Service", kStatusVerbs}}, ""},
    {"apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, kAllVerbs, {"ds"}, {"all"}, {{"status", "DaemonSet", kStatusVerbs}}, ""},
    {"apps", "v1", "deployments", "deployment", "Deployment", true, kAllVerbs, {"deploy"}, {"all"}, {{"status", "Deployment", kStatusVerbs}}, ""},
    {"apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, kAllVerbs, {"rs"}, {"all"}, {{"status", "ReplicaSet", kStatusVerbs}}, ""},
    {"apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, kAllVerbs, {"sts"}, {"all"}, {{"status", "StatefulSet", kStatusVerbs}}, ""},
    {"batch", "v1", "cronjobs", "cronjob", "CronJob", true, kAllVerbs, {"cj"}, {"all"}, {{"status", "CronJob", kStatusVerbs}}, ""},
    {"batch", "v1", "jobs", "job", "Job", true, kAllVerbs, {}, {"all"}, {{"status", "Job", kStatusVerbs}}, ""},
    // RBAC objects are stored and also enforced (rbac_authorizer.h), so a test can run the
    // agent with exactly the rights manifests/ grants it.
    {"rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, kAllVerbs, {}, {}, {}, ""},
    {"rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, kAllVerbs, {}, {}, {}, ""},
    {"rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, kAllVerbs, {}, {}, {}, ""},
    {"rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, kAllVerbs, {}, {}, {}, ""},
    {"coordination.k8s.io", "v1", "leases", "lease", "Lease", true, kAllVerbs, {}, {}, {}, ""},
    {"events.k8s.io", "v1", "events", "event", "Event", true, kAllVerbs, {"ev"}, {}, {}, "events"},
};
// clang-format on

std::vector<ResourceType> build_resources() {
  std::vector<ResourceType> types = kResourceTable;
  for (ResourceType& type : types) {
    if (type.storage.empty()) {
      type.storage = type.group.empty() ? type.resource : type.resource + "." + type.group;
    }
  }
  return types;
}

}  // namespace

bool ResourceType::has_subresource(std::string_view name) const {
  for (const auto& subresource : subresources) {
    if (subresource.name == name) {
      return true;
    }
  }
  return false;
}

const std::vector<ResourceType>& served_resources() {
  static const std::vector<ResourceType> kResources = build_resources();
  return kResources;
}

const ResourceType* find_resource(std::string_view group, std::string_view version,
                                  std::string_view resource) {
  for (const auto& type : served_resources()) {
    if (type.group == group && type.version == version && type.resource == resource) {
      return &type;
    }
  }
  return nullptr;
}

const ResourceType* find_resource_by_kind(std::string_view api_version, std::string_view kind) {
  for (const auto& type : served_resources()) {
    if (type.group_version() == api_version && type.kind == kind) {
      return &type;
    }
  }
  return nullptr;
}

const ResourceType* canonical_resource(std::string_view storage) {
  for (const auto& type : served_resources()) {
    if (type.storage == storage) {
      return &type;
    }
  }
  return nullptr;
}

}  // namespace kexit::kubesim
