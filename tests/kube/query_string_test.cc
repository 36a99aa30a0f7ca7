#include "kube/query_string.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

TEST(QueryString, EncodesSelectorsAndTokens) {
  EXPECT_EQ(to_query_string({{"labelSelector", "app in (a,b),!legacy"}, {"limit", "500"}}),
            "?labelSelector=app%20in%20%28a%2Cb%29%2C%21legacy&limit=500");
  EXPECT_EQ(to_query_string({}), "");
  EXPECT_EQ(percent_encode("a/b=c+d"), "a%2Fb%3Dc%2Bd");
}

TEST(QueryString, ReadsValuesBack) {
  std::string target = "/api/v1/pods?watch=true&labelSelector=app%3Dweb&x";
  EXPECT_EQ(query_value(target, "watch"), "true");
  EXPECT_EQ(query_value(target, "labelSelector"), "app=web");
  EXPECT_EQ(query_value(target, "x"), "");
  EXPECT_EQ(query_value(target, "missing"), "");
  EXPECT_EQ(query_value("/api/v1/pods", "watch"), "");
}

}  // namespace
}  // namespace kexit::kube
