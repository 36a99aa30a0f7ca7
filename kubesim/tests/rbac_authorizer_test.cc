#include "kubesim/rbac_authorizer.h"

#include <gtest/gtest.h>

#include "kubesim/cluster.h"
#include "kubesim/kube_time.h"
#include "kubesim/token_request.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

RequestAttributes resource(const std::string& verb, const std::string& resource_name,
                           const std::string& subresource, const std::string& namespace_name,
                           const std::string& name = "", const std::string& group = "") {
  RequestAttributes request;
  request.verb = verb;
  request.resource_request = true;
  request.group = group;
  request.version = "v1";
  request.resource = resource_name;
  request.subresource = subresource;
  request.namespace_name = namespace_name;
  request.name = name;
  return request;
}

class RbacAuthorizerTest : public ::testing::Test {
 protected:
  RbacAuthorizerTest() : clock_(*parse_time("2024-05-01T12:00:00Z")), cluster_(clock_) {}

  void put(const std::string& yaml) { ASSERT_TRUE(cluster_.put_text(yaml, "test").ok()); }
  bool allows(const User& user, const RequestAttributes& request) {
    return rbac_allows(cluster_.store(), user, request);
  }

  ManualClock clock_;
  Cluster cluster_;
  User agent_ = service_account_user("kexit", "kexit-agent");
};

TEST_F(RbacAuthorizerTest, ClusterRoleBindingGrantsItsRulesEverywhere) {
  put(R"(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules:
  - {apiGroups: [""], resources: [pods], verbs: [get, list, watch]}
  - {apiGroups: [""], resources: [pods/log], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: reader}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects: [{kind: ServiceAccount, name: kexit-agent, namespace: kexit}]
)");
  EXPECT_TRUE(allows(agent_, resource("list", "pods", "", "")));
  EXPECT_TRUE(allows(agent_, resource("watch", "pods", "", "shop")));
  EXPECT_TRUE(allows(agent_, resource("get", "pods", "log", "shop", "web")));
  // Neither another verb, nor another subresource, nor another account.
  EXPECT_FALSE(allows(agent_, resource("patch", "pods", "", "shop", "web")));
  EXPECT_FALSE(allows(agent_, resource("get", "pods", "exec", "shop", "web")));
  EXPECT_FALSE(allows(service_account_user("kexit", "other"), resource("list", "pods", "", "")));
  EXPECT_FALSE(
      allows(service_account_user("shop", "kexit-agent"), resource("list", "pods", "", "")));
}

TEST_F(RbacAuthorizerTest, RoleBindingGrantsOnlyInItsNamespace) {
  put(R"(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: leases, namespace: kexit}
rules: [{apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, create, update]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: leases, namespace: kexit}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: leases}
subjects: [{kind: ServiceAccount, name: kexit-agent}]
)");
  auto lease = [](const std::string& verb, const std::string& namespace_name) {
    return resource(verb, "leases", "", namespace_name, "kexit-agent", "coordination.k8s.io");
  };
  // A ServiceAccount subject without a namespace is in the binding's namespace.
  EXPECT_TRUE(allows(agent_, lease("update", "kexit")));
  EXPECT_FALSE(allows(agent_, lease("update", "kube-system")));
  EXPECT_FALSE(allows(agent_, lease("update", "")));
  EXPECT_FALSE(allows(agent_, lease("delete", "kexit")));
  // The right group matters, not only the resource name.
  EXPECT_FALSE(allows(agent_, resource("get", "leases", "", "kexit", "kexit-agent", "")));
}

TEST_F(RbacAuthorizerTest, MatchesGroupsWildcardsAndResourceNames) {
  put(R"(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: mixed}
rules:
  - {apiGroups: ["*"], resources: ["*/status"], verbs: [get]}
  - {apiGroups: [""], resources: [configmaps], resourceNames: [kexit-knowledge], verbs: ["*"]}
  - {nonResourceURLs: ["/metrics", "/debug/*"], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: mixed}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: mixed}
subjects: [{kind: Group, name: "system:serviceaccounts:kexit"}]
)");
  EXPECT_TRUE(allows(agent_, resource("get", "deployments", "status", "shop", "api", "apps")));
  EXPECT_FALSE(allows(agent_, resource("get", "deployments", "", "shop", "api", "apps")));
  EXPECT_TRUE(allows(agent_, resource("update", "configmaps", "", "kexit", "kexit-knowledge")));
  EXPECT_FALSE(allows(agent_, resource("update", "configmaps", "", "kexit", "other")));
  // A name restriction never grants a request that names nothing.
  EXPECT_FALSE(allows(agent_, resource("list", "configmaps", "", "kexit")));
  RequestAttributes metrics;
  metrics.verb = "get";
  metrics.path = "/debug/pprof";
  EXPECT_TRUE(allows(agent_, metrics));
  metrics.path = "/logs";
  EXPECT_FALSE(allows(agent_, metrics));
}

TEST_F(RbacAuthorizerTest, BindingToAMissingRoleGrantsNothing) {
  put(R"(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: dangling}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: not-there}
subjects: [{kind: User, name: alice}]
)");
  EXPECT_FALSE(allows({"alice", {}}, resource("list", "pods", "", "")));
}

}  // namespace
}  // namespace kexit::kubesim
