#include "kube/pod_template_diff.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

using nlohmann::json;

// A Deployment's pod template as `kubectl get rs -o json` shows it under spec.template.
json api_template() {
  return json::parse(R"({
    "metadata": {"labels": {"app": "api"},
                 "annotations": {"checksum/secret": "3f1a", "checksum/config": "77aa",
                                 "prometheus.io/scrape": "true"}},
    "spec": {
      "containers": [{
        "name": "app", "image": "shop/api:1.4",
        "command": ["/api"], "args": ["--port=8080"],
        "env": [{"name": "LOG_LEVEL", "value": "info"},
                {"name": "DB_PASSWORD",
                 "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
                {"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "api-env", "key": "mode"}}}],
        "envFrom": [{"configMapRef": {"name": "api-shared"}}],
        "resources": {"limits": {"memory": "512Mi", "cpu": "1"}, "requests": {"memory": "256Mi"}}
      }],
      "volumes": [{"name": "config", "configMap": {"name": "api-config"}},
                  {"name": "tls", "secret": {"secretName": "api-tls"}},
                  {"name": "bundle", "projected": {"sources": [{"configMap": {"name": "ca-bundle"}}]}}]
    }
  })");
}

json& app(json& pod_template) { return pod_template["spec"]["containers"][0]; }

TEST(PodTemplateDiff, IdenticalTemplatesHaveNoDifference) {
  EXPECT_TRUE(diff_pod_templates(api_template(), api_template()).empty());
}

TEST(PodTemplateDiff, NamesTheImageAndTheLoweredMemoryLimit) {
  json after = api_template();
  app(after)["image"] = "shop/api:1.5";
  app(after)["resources"]["limits"]["memory"] = "256Mi";
  EXPECT_EQ(diff_pod_templates(api_template(), after),
            (std::vector<std::string>{"container app: image shop/api:1.4 -> shop/api:1.5",
                                      "container app: memory limit 512Mi -> 256Mi"}));
}

TEST(PodTemplateDiff, NamesEnvCommandAndArgsWithoutTheirValues) {
  json after = api_template();
  app(after)["env"][0]["value"] = "debug";
  app(after)["env"].push_back({{"name", "FEATURE_X"}, {"value", "on"}});
  app(after)["args"] = {"--port=8080", "--password=hunter2"};
  app(after)["command"] = {"/api-v2"};
  auto differences = diff_pod_templates(api_template(), after);
  EXPECT_EQ(differences, (std::vector<std::string>{
                             "container app: env FEATURE_X added",
                             "container app: env LOG_LEVEL changed",
                             "container app: command changed",
                             "container app: args changed",
                         }));
  for (const auto& difference : differences) {
    EXPECT_EQ(difference.find("hunter2"), std::string::npos) << difference;
    EXPECT_EQ(difference.find("debug"), std::string::npos) << difference;
  }
}

TEST(PodTemplateDiff, ASecretChangeShowsOnlyAsItsReferenceOrChecksum) {
  json after = api_template();
  after["metadata"]["annotations"]["checksum/secret"] = "9b07";
  after["metadata"]["annotations"]["prometheus.io/scrape"] = "false";
  app(after)["env"][1]["valueFrom"]["secretKeyRef"]["key"] = "password-v2";
  after["spec"]["volumes"][1]["secret"]["secretName"] = "api-tls-2027";
  EXPECT_EQ(diff_pod_templates(api_template(), after),
            (std::vector<std::string>{
                "container app: env DB_PASSWORD changed",
                "now refers to secret api-tls-2027 (volume tls)",
                "now refers to secret db key password-v2 (env DB_PASSWORD)",
                "no longer refers to secret api-tls (volume tls)",
                "no longer refers to secret db key password (env DB_PASSWORD)",
                "annotation checksum/secret changed",
            }));
}

TEST(PodTemplateDiff, AddedAndRemovedContainersAndResources) {
  json after = api_template();
  app(after)["resources"]["limits"].erase("cpu");
  after["spec"]["containers"].push_back({{"name", "proxy"}, {"image", "envoy:1.30"}});
  EXPECT_EQ(
      diff_pod_templates(api_template(), after),
      (std::vector<std::string>{"container app: cpu limit 1 -> (none)", "container proxy added"}));
  EXPECT_EQ(diff_pod_templates(after, api_template()),
            (std::vector<std::string>{"container app: cpu limit (none) -> 1",
                                      "container proxy removed"}));
}

TEST(PodTemplateDiff, FindsTheConfigMapsOfVolumesProjectionsEnvAndEnvFrom) {
  EXPECT_EQ(referenced_config_maps(api_template()["spec"]),
            (std::vector<std::string>{"api-config", "api-env", "api-shared", "ca-bundle"}));
  EXPECT_TRUE(referenced_config_maps(json::object()).empty());
}

}  // namespace
}  // namespace kexit::kube
