#include "kube/api_action.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

TEST(ApiAction, DescribesCoreRequests) {
  ApiAction list = describe_request("GET", "/api/v1/namespaces/x/pods?limit=500");
  EXPECT_EQ(list.verb, "list");
  EXPECT_EQ(list.resource, "pods");
  EXPECT_EQ(list.namespace_name, "x");
  EXPECT_EQ(list.describe(), "list pods in namespace \"x\"");
  ApiAction watch = describe_request("GET", "/api/v1/pods?watch=true&resourceVersion=5");
  EXPECT_EQ(watch.verb, "watch");
  EXPECT_EQ(watch.describe(), "watch pods in all namespaces");
  ApiAction log = describe_request("GET", "/api/v1/namespaces/x/pods/p/log?previous=true");
  EXPECT_EQ(log.verb, "get");
  EXPECT_EQ(log.resource, "pods/log");
  EXPECT_EQ(log.describe(), "get pods/log \"p\" in namespace \"x\"");
  EXPECT_EQ(describe_request("GET", "/apis/events.k8s.io/v1").verb, "get");
  EXPECT_EQ(describe_request("GET", "/version").verb, "get");
}

TEST(ApiAction, DescribesGroupResourcesAndWrites) {
  ApiAction update = describe_request("PUT", "/apis/coordination.k8s.io/v1/namespaces/k/leases/l");
  EXPECT_EQ(update.verb, "update");
  EXPECT_EQ(update.group, "coordination.k8s.io");
  EXPECT_EQ(update.describe(), "update leases.coordination.k8s.io \"l\" in namespace \"k\"");
  EXPECT_EQ(describe_request("POST", "/api/v1/namespaces/k/events").verb, "create");
  EXPECT_EQ(describe_request("PATCH", "/api/v1/namespaces/k/events/e").verb, "patch");
  EXPECT_EQ(describe_request("DELETE", "/api/v1/namespaces/k/pods").verb, "deletecollection");
  ApiAction namespace_object = describe_request("GET", "/api/v1/namespaces/k");
  EXPECT_EQ(namespace_object.resource, "namespaces");
  EXPECT_EQ(namespace_object.name, "k");
  EXPECT_EQ(namespace_object.describe(), "get namespaces \"k\" at cluster scope");
}

}  // namespace
}  // namespace kexit::kube
