#include "kubesim/creation_defaults.h"

#include <gtest/gtest.h>

namespace kexit::kubesim {
namespace {

using nlohmann::json;

TEST(CreationDefaults, ProbesGetTheApiserverDefaults) {
  json pod = {{"spec",
               {{"containers",
                 {{{"name", "web"},
                   {"image", "web:1"},
                   {"livenessProbe", {{"httpGet", {{"port", 8080}}}, {"failureThreshold", 5}}},
                   {"readinessProbe", {{"grpc", {{"port", 9090}}}}},
                   {"startupProbe",
                    {{"exec", {{"command", {"cat", "/ready"}}}}, {"periodSeconds", 2}}}}}}}}};
  apply_pod_defaults(pod);
  const json& container = pod["spec"]["containers"][0];
  EXPECT_EQ(container["livenessProbe"], json::parse(R"({
    "httpGet": {"port": 8080, "path": "/", "scheme": "HTTP"},
    "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 5})"));
  EXPECT_EQ(container["readinessProbe"], json::parse(R"({
    "grpc": {"port": 9090, "service": ""},
    "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3})"));
  EXPECT_EQ(container["startupProbe"]["periodSeconds"], 2);
  EXPECT_EQ(container["startupProbe"]["failureThreshold"], 3);
  EXPECT_FALSE(container["startupProbe"].contains("initialDelaySeconds"));
}

TEST(CreationDefaults, ContainersWithoutProbesGetNone) {
  json pod = {{"spec", {{"containers", {{{"name", "app"}, {"image", "app:1"}}}}}}};
  apply_pod_defaults(pod);
  EXPECT_FALSE(pod["spec"]["containers"][0].contains("livenessProbe"));
  EXPECT_EQ(pod["spec"]["containers"][0]["imagePullPolicy"], "IfNotPresent");
}

}  // namespace
}  // namespace kexit::kubesim
