#include "kubesim/request_target.h"

#include <gtest/gtest.h>

namespace kexit::kubesim {
namespace {

TEST(RequestTarget, ParsesDiscoveryPaths) {
  EXPECT_EQ(parse_request_target("/version").kind, RequestTarget::Kind::Version);
  EXPECT_EQ(parse_request_target("/api").kind, RequestTarget::Kind::CoreVersions);
  EXPECT_EQ(parse_request_target("/apis").kind, RequestTarget::Kind::GroupList);
  EXPECT_EQ(parse_request_target("/apis/apps").kind, RequestTarget::Kind::Group);
  EXPECT_EQ(parse_request_target("/api/v1").kind, RequestTarget::Kind::ResourceList);
  RequestTarget openapi = parse_request_target("/openapi/v3/apis/apps/v1");
  EXPECT_EQ(openapi.kind, RequestTarget::Kind::OpenApiV3);
  EXPECT_EQ(openapi.rest, "apis/apps/v1");
  RequestTarget test = parse_request_target("/kubesim/v1/faults");
  EXPECT_EQ(test.kind, RequestTarget::Kind::TestEndpoint);
  EXPECT_EQ(test.rest, "/v1/faults");
  EXPECT_EQ(parse_request_target("/metrics").kind, RequestTarget::Kind::Unknown);
}

TEST(RequestTarget, ParsesResourcePaths) {
  RequestTarget log = parse_request_target("/api/v1/namespaces/shop/pods/web/log");
  ASSERT_EQ(log.kind, RequestTarget::Kind::Resource);
  ASSERT_NE(log.type, nullptr);
  EXPECT_EQ(log.type->kind, "Pod");
  EXPECT_EQ(log.namespace_name, "shop");
  EXPECT_EQ(log.name, "web");
  EXPECT_EQ(log.subresource, "log");

  RequestTarget all = parse_request_target("/apis/coordination.k8s.io/v1/leases");
  EXPECT_EQ(all.type->kind, "Lease");
  EXPECT_TRUE(all.namespace_name.empty());

  RequestTarget namespace_status = parse_request_target("/api/v1/namespaces/shop/status");
  EXPECT_EQ(namespace_status.type->kind, "Namespace");
  EXPECT_EQ(namespace_status.name, "shop");
  EXPECT_EQ(namespace_status.subresource, "status");

  EXPECT_EQ(parse_request_target("/api/v1/namespaces/shop/widgets").type, nullptr);
  // Cluster-scoped kinds have no namespaced URL.
  EXPECT_EQ(parse_request_target("/api/v1/namespaces/shop/nodes").type, nullptr);
}

TEST(RequestTarget, VerbFollowsMethodAndQuery) {
  auto verb = [](const std::string& method, const std::string& path, const std::string& watch) {
    HttpRequest request;
    request.method = method;
    request.path = path;
    if (!watch.empty()) {
      request.query.emplace("watch", watch);
    }
    return request_attributes(request, parse_request_target(path)).verb;
  };
  EXPECT_EQ(verb("GET", "/api/v1/pods", ""), "list");
  EXPECT_EQ(verb("GET", "/api/v1/pods", "1"), "watch");
  EXPECT_EQ(verb("GET", "/api/v1/namespaces/a/pods/p", ""), "get");
  EXPECT_EQ(verb("POST", "/api/v1/namespaces/a/pods", ""), "create");
  EXPECT_EQ(verb("PUT", "/api/v1/namespaces/a/pods/p/status", ""), "update");
  EXPECT_EQ(verb("PATCH", "/api/v1/namespaces/a/pods/p", ""), "patch");
  EXPECT_EQ(verb("DELETE", "/api/v1/namespaces/a/pods", ""), "deletecollection");
  HttpRequest request;
  request.method = "GET";
  request.path = "/api/v1/namespaces/shop";
  RequestAttributes attributes = request_attributes(request, parse_request_target(request.path));
  EXPECT_EQ(attributes.namespace_name, "shop");
}

}  // namespace
}  // namespace kexit::kubesim
