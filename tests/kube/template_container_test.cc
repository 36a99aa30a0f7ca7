#include "kube/template_container.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

using nlohmann::json;

TEST(TemplateContainer, KeepsEachContainersIndexInTheTemplate) {
  json spec = {
      {"containers",
       json::array(
           {"not an object",
            {{"name", "app"},
             {"startupProbe", {{"failureThreshold", 30}}},
             {"livenessProbe",
              {{"initialDelaySeconds", 15}, {"periodSeconds", 5}, {"failureThreshold", 4}}}}})}};
  std::vector<TemplateContainer> expected = {
      {"app", 1, TemplateProbe{15, 5, 4}, TemplateProbe{0, 10, 30}, "", ""}};
  EXPECT_EQ(template_containers(spec), expected);
  EXPECT_EQ(find_template_container(expected, "app"), &expected[0]);
  EXPECT_EQ(find_template_container(expected, "proxy"), nullptr);
}

TEST(TemplateContainer, UnsetOrZeroTimingIsTheApiServersDefault) {
  json spec = {
      {"containers",
       json::array({{{"name", "app"},
                     {"livenessProbe", {{"periodSeconds", 0}, {"failureThreshold", 0}}}}})}};
  ASSERT_EQ(template_containers(spec).size(), 1U);
  EXPECT_EQ(template_containers(spec)[0].liveness_probe, (TemplateProbe{0, 10, 3}));
  EXPECT_EQ(template_containers(spec)[0].liveness_probe->budget_seconds(), 30);
}

// The request a memory fix must not set a limit below, as the template writes it.
TEST(TemplateContainer, ReadsTheMemoryRequestAsWritten) {
  nlohmann::json spec = {
      {"containers",
       nlohmann::json::array(
           {{{"name", "app"}, {"resources", {{"requests", {{"memory", "1Gi"}}}}}},
            {{"name", "proxy"}, {"resources", {{"limits", {{"memory", "64Mi"}}}}}}})}};
  auto containers = template_containers(spec);
  ASSERT_EQ(containers.size(), 2u);
  EXPECT_EQ(containers[0].memory_request, "1Gi");
  EXPECT_EQ(containers[1].memory_request, "");
  EXPECT_EQ(containers[0].memory_limit, "");
  EXPECT_EQ(containers[1].memory_limit, "64Mi");
}

TEST(TemplateContainer, ASpecWithoutContainersHasNone) {
  EXPECT_TRUE(template_containers(json::object()).empty());
  EXPECT_TRUE(template_containers(json("spec")).empty());
}

}  // namespace
}  // namespace kexit::kube
