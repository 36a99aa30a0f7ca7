#include "kubesim/access_policy.h"

#include <gtest/gtest.h>

namespace kexit::kubesim {
namespace {

RequestAttributes resource(const std::string& verb, const std::string& resource,
                           const std::string& namespace_name, const std::string& name = "",
                           const std::string& subresource = "", const std::string& group = "") {
  RequestAttributes request;
  request.verb = verb;
  request.resource_request = true;
  request.group = group;
  request.resource = resource;
  request.subresource = subresource;
  request.namespace_name = namespace_name;
  request.name = name;
  return request;
}

TEST(AccessPolicy, TokensAuthenticateUntilRevoked) {
  AccessPolicy policy;
  policy.add_token("t1", {"alice", {"dev"}});
  ASSERT_TRUE(policy.user_for_token("t1").has_value());
  EXPECT_EQ(policy.user_for_token("t1")->name, "alice");
  policy.revoke_token("t1");
  EXPECT_FALSE(policy.user_for_token("t1").has_value());
}

TEST(AccessPolicy, RulesGrantVerbResourceNamespaceAndName) {
  AccessPolicy policy;
  User alice{"alice", {}};
  policy.allow("alice", {{"get", "list"}, {""}, {"pods"}, {"team-a"}, {}});
  policy.allow("alice", {{"get"}, {""}, {"pods/log"}, {}, {"web-1"}});
  EXPECT_TRUE(policy.authorized(alice, resource("list", "pods", "team-a")));
  EXPECT_FALSE(policy.authorized(alice, resource("list", "pods", "team-b")));
  EXPECT_FALSE(policy.authorized(alice, resource("watch", "pods", "team-a")));
  EXPECT_TRUE(policy.authorized(alice, resource("get", "pods", "x", "web-1", "log")));
  EXPECT_FALSE(policy.authorized(alice, resource("get", "pods", "x", "web-2", "log")));
  EXPECT_TRUE(policy.authorized({"root", {AccessPolicy::kAdminGroup}},
                                resource("delete", "leases", "x", "l", "", "coordination.k8s.io")));
  RequestAttributes discovery;
  discovery.verb = "get";
  discovery.path = "/api";
  EXPECT_TRUE(policy.authorized(alice, discovery));
}

TEST(AccessPolicy, ForbiddenMessagesMatchTheApiserver) {
  User user{"system:serviceaccount:default:default", {}};
  ApiError list = AccessPolicy::forbidden_error(user, resource("list", "pods", "default"));
  EXPECT_EQ(list.code, 403);
  EXPECT_EQ(list.reason, "Forbidden");
  EXPECT_EQ(list.message,
            "pods is forbidden: User \"system:serviceaccount:default:default\" cannot list "
            "resource \"pods\" in API group \"\" in the namespace \"default\"");
  ApiError log =
      AccessPolicy::forbidden_error(user, resource("get", "pods", "default", "web-1", "log"));
  EXPECT_EQ(log.message,
            "pods \"web-1\" is forbidden: User \"system:serviceaccount:default:default\" cannot "
            "get resource \"pods/log\" in API group \"\" in the namespace \"default\"");
  EXPECT_EQ(log.details, nlohmann::json({{"name", "web-1"}, {"kind", "pods"}}));
  ApiError lease = AccessPolicy::forbidden_error(
      user, resource("update", "leases", "", "kexit", "", "coordination.k8s.io"));
  EXPECT_EQ(lease.message,
            "leases.coordination.k8s.io \"kexit\" is forbidden: User "
            "\"system:serviceaccount:default:default\" cannot update resource \"leases\" in API "
            "group \"coordination.k8s.io\" at the cluster scope");
}

}  // namespace
}  // namespace kexit::kubesim
