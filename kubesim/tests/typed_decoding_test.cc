#include "kubesim/typed_decoding.h"

#include <gtest/gtest.h>

#include "kubesim/cluster.h"
#include "kubesim/kube_time.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

json deployment_with(const json& container) {
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", "api"}, {"namespace", "shop"}}},
          {"spec",
           {{"selector", {{"matchLabels", {{"app", "api"}}}}},
            {"template",
             {{"metadata", {{"labels", {{"app", "api"}}}}},
              {"spec", {{"containers", json::array({container})}}}}}}}};
}

class TypedDecodingTest : public ::testing::Test {
 protected:
  TypedDecodingTest() : clock_(*parse_time("2024-05-01T12:00:00Z")), cluster_(clock_) {
    cluster_.ensure_namespace("shop");
  }
  const ResourceType& deployments() { return *find_resource("apps", "v1", "deployments"); }

  ManualClock clock_;
  Cluster cluster_;
};

TEST_F(TypedDecodingTest, ACreateWithAQuantityThatDoesNotParseIsABadRequest) {
  json container = {{"name", "app"}, {"image", "api:1"}};
  container["resources"]["limits"]["memory"] = "12x";
  auto created = cluster_.create(deployments(), "shop", deployment_with(container));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, 400);
  EXPECT_EQ(created.error().message,
            "Deployment in version \"v1\" cannot be handled as a Deployment: quantities must "
            "match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
}

TEST_F(TypedDecodingTest, APatchToAQuantityThatDoesNotParseIsInvalidAndShowsThePatch) {
  ASSERT_TRUE(cluster_.put(deployment_with({{"name", "app"}, {"image", "api:1"}})).ok());
  json patch = json::parse(R"([{"op":"add","path":"/spec/template/spec/containers/0/resources",)"
                           R"("value":{"limits":{"memory":"12x"}}}])");
  auto patched = cluster_.patch(deployments(), "shop", "api", PatchType::Json, patch,
                                ObjectPart::Main, WriteMode::DryRun);
  ASSERT_FALSE(patched.ok());
  EXPECT_EQ(patched.error().code, 422);
  EXPECT_EQ(patched.error().message,
            R"( "" is invalid: patch: Invalid value: "[{\"op\":\"add\",)"
            R"(\"path\":\"/spec/template/spec/containers/0/resources\",)"
            R"(\"value\":{\"limits\":{\"memory\":\"12x\"}}}]": quantities must match the )"
            R"(regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$')");
}

TEST_F(TypedDecodingTest, AProbeFieldThatIsNotAnInt32IsTheDecodersTypeError) {
  ASSERT_TRUE(cluster_.put(deployment_with({{"name", "app"}, {"image", "api:1"}})).ok());
  json patch = {{"spec",
                 {{"template",
                   {{"spec",
                     {{"containers",
                       json::array({{{"name", "app"},
                                     {"livenessProbe", {{"initialDelaySeconds", "30s"}}}}})}}}}}}}};
  auto patched = cluster_.patch(deployments(), "shop", "api", PatchType::StrategicMerge, patch,
                                ObjectPart::Main);
  ASSERT_FALSE(patched.ok());
  EXPECT_EQ(patched.error().code, 422);
  EXPECT_EQ(patched.error().message,
            R"( "" is invalid: patch: Invalid value: "{\"spec\":{\"template\":{\"spec\":)"
            R"({\"containers\":[{\"livenessProbe\":{\"initialDelaySeconds\":\"30s\"},)"
            R"(\"name\":\"app\"}]}}}}": json: cannot unmarshal string into Go struct field )"
            "Probe.spec.template.spec.containers.livenessProbe.initialDelaySeconds of type int32");
}

}  // namespace
}  // namespace kexit::kubesim
