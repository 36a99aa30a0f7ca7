#include "kube/api_failure.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

const std::string kServer = "https://10.0.0.1:6443";

TEST(ApiFailure, NamesTheMissingRbacPermission) {
  ApiStatus status = decode_api_status(
      403,
      R"({"kind":"Status","message":"pods is forbidden: User \"system:serviceaccount:x:kexit\" cannot list resource \"pods\" in API group \"\" in the namespace \"x\"","reason":"Forbidden","code":403})");
  Error error =
      explain_api_failure(status, describe_request("GET", "/api/v1/namespaces/x/pods"), kServer);
  EXPECT_EQ(error.message,
            "forbidden: cannot list pods in namespace \"x\"; the RBAC role needs verb \"list\" on "
            "resource \"pods\"; the request was made as User \"system:serviceaccount:x:kexit\"");
}

TEST(ApiFailure, NamesSubresourcesGroupsAndClusterScope) {
  ApiStatus bare = decode_api_status(403, "");
  EXPECT_EQ(
      explain_api_failure(bare, describe_request("GET", "/api/v1/namespaces/x/pods/p/log"), kServer)
          .message,
      "forbidden: cannot get pods/log \"p\" in namespace \"x\"; the RBAC role needs verb "
      "\"get\" on resource \"pods/log\"");
  EXPECT_EQ(
      explain_api_failure(bare, describe_request("GET", "/api/v1/pods?watch=1"), kServer).message,
      "forbidden: cannot watch pods in all namespaces; the RBAC role needs verb \"watch\" on "
      "resource \"pods\" cluster-wide (a ClusterRole bound with a ClusterRoleBinding)");
  EXPECT_EQ(
      explain_api_failure(
          bare, describe_request("POST", "/apis/coordination.k8s.io/v1/namespaces/k/leases"),
          kServer)
          .message,
      "forbidden: cannot create leases.coordination.k8s.io in namespace \"k\"; the RBAC role needs "
      "verb \"create\" on resource \"leases\" in API group \"coordination.k8s.io\"");
}

// A denied --as is about the kubeconfig's user and the impersonated name, not the request.
TEST(ApiFailure, NamesADeniedImpersonation) {
  ApiStatus status = decode_api_status(
      403,
      R"({"kind":"Status","message":"users \"alice\" is forbidden: User \"bob\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope","reason":"Forbidden","code":403})");
  Error error =
      explain_api_failure(status, describe_request("GET", "/api/v1/namespaces/x/pods"), kServer);
  EXPECT_EQ(error.message,
            "forbidden: users \"alice\" is forbidden: User \"bob\" cannot impersonate resource "
            "\"users\" in API group \"\" at the cluster scope; the kubeconfig's user needs an RBAC "
            "rule with verb \"impersonate\" on that resource, or leave out --as, --as-group and "
            "--as-uid");
  EXPECT_TRUE(mentions_forbidden(error.message));
}

TEST(ApiFailure, KeepsNonRbacDenials) {
  ApiStatus quota = decode_api_status(
      403,
      R"({"kind":"Status","message":"pods \"p\" is forbidden: exceeded quota: q","code":403})");
  EXPECT_EQ(
      explain_api_failure(quota, describe_request("POST", "/api/v1/namespaces/x/pods"), kServer)
          .message,
      "forbidden: pods \"p\" is forbidden: exceeded quota: q");
}

TEST(ApiFailure, ExplainsCommonStatuses) {
  EXPECT_EQ(explain_api_failure(
                decode_api_status(404, ""),
                describe_request("GET", "/apis/apps/v1/namespaces/x/deployments/web"), kServer)
                .message,
            "deployments.apps \"web\" not found in namespace \"x\"; check the name and the "
            "namespace (-n)");
  EXPECT_EQ(explain_api_failure(decode_api_status(401, ""), describe_request("GET", "/api/v1/pods"),
                                kServer)
                .message,
            "unauthorized: the API server at https://10.0.0.1:6443 rejected the credentials; log "
            "in again or refresh the token of the kubeconfig user (kubectl config view --minify "
            "shows which)");
  EXPECT_EQ(
      explain_api_failure(decode_api_status(429, "Too many requests, please try again later."),
                          describe_request("GET", "/api/v1/pods"), kServer, 5)
          .message,
      "the API server is overloaded and asked to retry later (HTTP 429: Too many requests, "
      "please try again later.) after 5 attempts; try again in a minute");
  EXPECT_EQ(explain_api_failure(decode_api_status(503, "etcd unavailable"),
                                describe_request("GET", "/api/v1/namespaces/x/pods"), kServer, 2)
                .message,
            "the API server at https://10.0.0.1:6443 failed to list pods in namespace \"x\" (HTTP "
            "503 ServiceUnavailable: etcd unavailable) after 2 attempts; try again later");
  EXPECT_EQ(
      explain_api_failure(
          decode_api_status(
              409,
              R"({"kind":"Status","message":"Operation cannot be fulfilled on leases.coordination.k8s.io \"l\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","code":409})"),
          describe_request("PUT", "/apis/coordination.k8s.io/v1/namespaces/k/leases/l"), kServer)
          .message,
      "conflict: Operation cannot be fulfilled on leases.coordination.k8s.io \"l\": the "
      "object has been modified; please apply your changes to the latest version and try "
      "again");
}

TEST(ApiFailure, ItsOwnMessagesReadBackAsTheirKind) {
  auto explain = [](int code, const char* method, const char* path) {
    return explain_api_failure(decode_api_status(code, ""), describe_request(method, path),
                               kServer);
  };
  EXPECT_EQ(api_failure_kind(explain(404, "GET", "/api/v1/namespaces/x/pods/p")),
            ApiFailureKind::kNotFound);
  EXPECT_EQ(api_failure_kind(explain(400, "GET", "/api/v1/namespaces/x/pods")),
            ApiFailureKind::kBadRequest);
  EXPECT_EQ(api_failure_kind(explain(403, "GET", "/api/v1/namespaces/x/pods/p")),
            ApiFailureKind::kOther);
  EXPECT_EQ(api_failure_kind(explain(404, "GET", "/api/v1/namespaces/x/pods")),
            ApiFailureKind::kOther)
      << "a list that 404s is a missing resource type, not a missing object";
  Error log = explain(403, "GET", "/api/v1/namespaces/x/pods/p/log");
  EXPECT_TRUE(mentions_forbidden("could not fetch the current log (" + log.message + ")"));
  EXPECT_FALSE(mentions_forbidden("the previous log is gone (HTTP 404: not found)"));
}

}  // namespace
}  // namespace kexit::kube
