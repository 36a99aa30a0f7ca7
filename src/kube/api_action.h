#pragma once
// ApiAction: what a request asks of the API server in RBAC terms (verb, resource, namespace),
// so failures can say which permission is missing.

#include <string>
#include <string_view>

namespace kexit::kube {

struct ApiAction {
  // get, list, watch, create, update, patch, delete, deletecollection.
  std::string verb;
  // API group; "" for the core group.
  std::string group;
  // Plural resource, with the subresource when there is one: "pods", "pods/log".
  std::string resource;
  // Empty for cluster-scoped requests and for lists across all namespaces.
  std::string namespace_name;
  std::string name;

  // "pods", "leases.coordination.k8s.io" (the resource without subresource, with its group).
  std::string qualified_resource() const;
  // "list pods in namespace \"x\"", "get pods/log \"p\" in namespace \"x\"",
  // "list pods in all namespaces".
  std::string describe() const;
};

// Derives the action from an HTTP method and an API path ("/api/v1/namespaces/x/pods?watch=1",
// "/apis/coordination.k8s.io/v1/namespaces/x/leases/l").
ApiAction describe_request(std::string_view method, std::string_view target);

}  // namespace kexit::kube
