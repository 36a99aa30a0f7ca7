#include "kubesim/media_type.h"

#include <gtest/gtest.h>

namespace kexit::kubesim {
namespace {

TEST(MediaType, PicksTheFirstAcceptableForm) {
  const char* kubectl_get =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta."
      "k8s.io,application/json";
  AcceptedFormat table = negotiate(kubectl_get, true, false);
  EXPECT_EQ(table.kind, AcceptedFormat::Kind::Table);
  EXPECT_EQ(table.version, "v1");
  EXPECT_EQ(negotiate(kubectl_get, false, false).kind, AcceptedFormat::Kind::Json);
  EXPECT_EQ(negotiate("application/json, */*", true, true).kind, AcceptedFormat::Kind::Json);
  EXPECT_EQ(negotiate("", true, true).kind, AcceptedFormat::Kind::Json);
  AcceptedFormat discovery = negotiate(
      "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList", false, true);
  EXPECT_EQ(discovery.kind, AcceptedFormat::Kind::AggregatedDiscovery);
  EXPECT_EQ(discovery.version, "v2beta1");
  EXPECT_EQ(aggregated_discovery_content_type("v2"),
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
}

}  // namespace
}  // namespace kexit::kubesim
