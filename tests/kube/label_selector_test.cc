#include "kube/label_selector.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

TEST(LabelSelector, WritesMatchLabelsAndExpressions) {
  auto selector = label_selector_string(nlohmann::json::parse(R"({
    "matchLabels": {"app": "web", "tier": "front"},
    "matchExpressions": [
      {"key": "env", "operator": "In", "values": ["a", "b"]},
      {"key": "legacy", "operator": "DoesNotExist"},
      {"key": "track", "operator": "NotIn", "values": ["canary"]},
      {"key": "team", "operator": "Exists"}]})"),
                                        "sel");
  ASSERT_TRUE(selector) << selector.error().to_string();
  EXPECT_EQ(*selector, "app=web,tier=front,env in (a,b),!legacy,track notin (canary),team");
}

TEST(LabelSelector, EmptySelectsEverything) {
  EXPECT_EQ(*label_selector_string(nlohmann::json(), "sel"), "");
  EXPECT_EQ(*label_selector_string(nlohmann::json::object(), "sel"), "");
}

TEST(LabelSelector, RejectsUnknownOperators) {
  auto selector = label_selector_string(
      nlohmann::json::parse(R"({"matchExpressions":[{"key":"a","operator":"Gt"}]})"), "sel");
  ASSERT_FALSE(selector);
  EXPECT_EQ(selector.error().to_string(),
            "sel.matchExpressions[0].operator: unknown selector operator \"Gt\"");
}

TEST(LabelSelector, AndsSelectors) {
  EXPECT_EQ(and_selectors("a=1", "b=2"), "a=1,b=2");
  EXPECT_EQ(and_selectors("", "b=2"), "b=2");
  EXPECT_EQ(and_selectors("a=1", ""), "a=1");
}

}  // namespace
}  // namespace kexit::kube
