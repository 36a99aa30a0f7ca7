#include "kubesim/patch.h"

#include <gtest/gtest.h>

namespace kexit::kubesim {
namespace {

using nlohmann::json;

TEST(Patch, RecognisesContentTypes) {
  EXPECT_EQ(patch_type_of("application/merge-patch+json"), PatchType::Merge);
  EXPECT_EQ(patch_type_of("application/strategic-merge-patch+json; charset=utf-8"),
            PatchType::StrategicMerge);
  EXPECT_EQ(patch_type_of("application/json-patch+json"), PatchType::Json);
  EXPECT_FALSE(patch_type_of("application/apply-patch+yaml").has_value());
}

TEST(Patch, MergePatchReplacesListsAndDeletesNulls) {
  json pod = {{"metadata", {{"labels", {{"a", "1"}, {"b", "2"}}}}},
              {"spec", {{"containers", {{{"name", "c"}, {"image", "x"}}}}}}};
  auto patched = apply_patch(PatchType::Merge, pod,
                             {{"metadata", {{"labels", {{"b", nullptr}, {"c", "3"}}}}}});
  ASSERT_TRUE(patched.ok());
  EXPECT_EQ((*patched)["metadata"]["labels"], json({{"a", "1"}, {"c", "3"}}));
}

TEST(Patch, StrategicMergeMergesContainersByName) {
  json pod = {
      {"spec",
       {{"containers",
         {{{"name", "app"}, {"image", "app:1"}}, {{"name", "sidecar"}, {"image", "s:1"}}}}}}};
  json patch = {{"spec", {{"containers", {{{"name", "app"}, {"image", "app:2"}}}}}}};
  json merged = strategic_merge(pod, patch);
  ASSERT_EQ(merged["spec"]["containers"].size(), 2u);
  EXPECT_EQ(merged["spec"]["containers"][0]["image"], "app:2");
  EXPECT_EQ(merged["spec"]["containers"][1]["image"], "s:1");
}

TEST(Patch, StrategicMergeMergesConditionsByTypeAndHonoursDirectives) {
  json status = {{"status",
                  {{"conditions",
                    {{{"type", "Ready"}, {"status", "True"}},
                     {{"type", "PodScheduled"}, {"status", "True"}}}}}}};
  json patch = {
      {"status",
       {{"$setElementOrder/conditions", {{{"type", "Ready"}}, {{"type", "PodScheduled"}}}},
        {"conditions", {{{"type", "Ready"}, {"status", "False"}}}}}}};
  json merged = strategic_merge(status, patch);
  EXPECT_EQ(merged["status"]["conditions"][0]["status"], "False");
  EXPECT_EQ(merged["status"]["conditions"].size(), 2u);
  EXPECT_FALSE(merged["status"].contains("$setElementOrder/conditions"));

  json removal = {{"status", {{"conditions", {{{"type", "PodScheduled"}, {"$patch", "delete"}}}}}}};
  EXPECT_EQ(strategic_merge(status, removal)["status"]["conditions"].size(), 1u);
  json replace = {{"status", {{"$patch", "replace"}, {"phase", "Failed"}}}};
  EXPECT_EQ(strategic_merge(status, replace)["status"], json({{"phase", "Failed"}}));
}

TEST(Patch, StrategicMergeReplacesAtomicListsAndUnionsFinalizers) {
  json object = {{"metadata", {{"finalizers", {"a"}}}}, {"spec", {{"args", {"x", "y"}}}}};
  json merged =
      strategic_merge(object, {{"metadata", {{"finalizers", {"b"}}}}, {"spec", {{"args", {"z"}}}}});
  EXPECT_EQ(merged["metadata"]["finalizers"], json({"a", "b"}));
  EXPECT_EQ(merged["spec"]["args"], json({"z"}));
}

TEST(Patch, JsonPatchAppliesOperationsAndReportsFailures) {
  json lease = {{"spec", {{"holderIdentity", "a"}}}};
  auto patched = apply_patch(
      PatchType::Json, lease,
      json::array({{{"op", "replace"}, {"path", "/spec/holderIdentity"}, {"value", "b"}}}));
  ASSERT_TRUE(patched.ok());
  EXPECT_EQ((*patched)["spec"]["holderIdentity"], "b");
  auto failed = apply_patch(
      PatchType::Json, lease,
      json::array({{{"op", "test"}, {"path", "/spec/holderIdentity"}, {"value", "z"}}}));
  EXPECT_FALSE(failed.ok());
  EXPECT_FALSE(apply_patch(PatchType::Merge, lease, json::array()).ok());
}

}  // namespace
}  // namespace kexit::kubesim
