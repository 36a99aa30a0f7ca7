#pragma once
// RbacAuthorizer: grants what the stored RBAC objects (ClusterRoles, ClusterRoleBindings, Roles,
// RoleBindings) grant, decided as kube-apiserver's RBAC authorizer decides, so the ClusterRole
// kexit ships can be tested by running the agent with nothing more than it.

#include "kubesim/access_policy.h"
#include "kubesim/object_store.h"

namespace kexit::kubesim {

// Whether a binding stored in `store` gives `user` a rule that covers `request`: cluster-wide
// through ClusterRoleBindings, in the request's namespace through its RoleBindings (to a Role
// there or to a ClusterRole). Aggregated ClusterRoles (aggregationRule) are not expanded.
bool rbac_allows(const ObjectStore& store, const User& user, const RequestAttributes& request);

}  // namespace kexit::kubesim
