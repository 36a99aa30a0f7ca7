#pragma once
// ResourceType: one resource kubesim serves (group, version, plural, kind, scope, verbs,
// subresources), the table of all of them, and lookups by URL segment or by kind.

#include <string>
#include <string_view>
#include <vector>

#include "kubesim/api_error.h"

namespace kexit::kubesim {

struct Subresource {
  std::string name;  // "status", "log"
  std::string kind;  // the kind it answers with
  std::vector<std::string> verbs;
  // The kind's group when it is not the resource's ("authentication.k8s.io" for the
  // TokenRequest of serviceaccounts/token); its version is then "v1".
  std::string kind_group = "";
};

struct ResourceType {
  std::string group;  // "" for the core group
  std::string version;
  std::string resource;  // plural, as in URLs: "pods"
  std::string singular;
  std::string kind;
  bool namespaced = true;
  std::vector<std::string> verbs;
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  std::vector<Subresource> subresources;
  // The store the objects live in; core/v1 and events.k8s.io/v1 Events share "events".
  std::string storage;

  // "v1", "apps/v1": the apiVersion of objects of this type.
  std::string group_version() const { return group.empty() ? version : group + "/" + version; }
  GroupResource group_resource() const { return {group, resource}; }
  bool has_subresource(std::string_view name) const;
  bool has_status() const { return has_subresource("status"); }
};

// Every resource kubesim serves, core group first, then groups in discovery order.
const std::vector<ResourceType>& served_resources();
const ResourceType* find_resource(std::string_view group, std::string_view version,
                                  std::string_view resource);
// By an object's apiVersion and kind ("apps/v1", "Deployment").
const ResourceType* find_resource_by_kind(std::string_view api_version, std::string_view kind);
// The core/v1 resource with this storage (for reading a shared store in its canonical form).
const ResourceType* canonical_resource(std::string_view storage);

}  // namespace kexit::kubesim
