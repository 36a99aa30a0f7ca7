#include "agent/node_event.h"

#include <gtest/gtest.h>

#include "agent/event_builder.h"
#include "kube/api_time.h"

namespace kexit::agent {
namespace {

report::CorrelatedTerminations group() {
  report::CorrelatedTerminations group;
  group.node = "node-3";
  group.cause = "oom-killed";
  group.signal_name = "SIGKILL";
  group.pods = {"shop/api-1", "shop/web-1", "jobs/etl-1"};
  group.span = std::chrono::seconds(45);
  return group;
}

TEST(NodeEvent, IsAWarningRegardingTheNodeInTheDefaultNamespace) {
  auto now = *kube::parse_api_time("2024-01-01T00:10:00Z");
  auto event = build_node_event(group(), "kexit-agent-0", now);
  EXPECT_EQ(event["metadata"]["namespace"], "default");
  EXPECT_EQ(event["metadata"]["labels"]["kexit.io/reporter"], "agent");
  EXPECT_EQ(event["metadata"]["annotations"]["kexit.io/cause"], "oom-killed");
  EXPECT_EQ(event["metadata"]["annotations"]["kexit.io/pods"], "shop/api-1,shop/web-1,jobs/etl-1");
  EXPECT_EQ(event["reason"], "KexitCorrelatedTerminations");
  EXPECT_EQ(event["type"], "Warning");
  EXPECT_EQ(event["eventTime"], "2024-01-01T00:10:00.000000Z");
  EXPECT_EQ(event["regarding"],
            nlohmann::json(
                {{"apiVersion", "v1"}, {"kind", "Node"}, {"name", "node-3"}, {"uid", "node-3"}}));
  EXPECT_EQ(event["note"],
            "3 pods on node-3 killed by SIGKILL (oom-killed) within 45s: likely a node problem, "
            "not 3 application problems");
  // core/v1 clusters get the same Event as involvedObject/message.
  auto core = to_core_event(event);
  EXPECT_EQ(core["involvedObject"]["kind"], "Node");
  EXPECT_EQ(core["message"], event["note"]);
}

TEST(NodeEvent, TheNameIsTheSameForTheSameGroupAndOtherForAnother) {
  auto now = *kube::parse_api_time("2024-01-01T00:10:00Z");
  auto name = build_node_event(group(), "a", now)["metadata"]["name"].get<std::string>();
  EXPECT_EQ(name.rfind("node-3.", 0), 0u) << name;
  EXPECT_EQ(build_node_event(group(), "b", now + std::chrono::seconds(5))["metadata"]["name"],
            name);
  auto other = group();
  other.cause = "sigkill-external";
  EXPECT_NE(build_node_event(other, "a", now)["metadata"]["name"], name);
}

TEST(NodeEvent, AVeryLongPodListIsCut) {
  auto many = group();
  many.pods.assign(200, "namespace-with-a-long-name/pod-with-a-long-name-0123456789");
  auto event = build_node_event(many, "a", *kube::parse_api_time("2024-01-01T00:10:00Z"));
  std::string pods = event["metadata"]["annotations"]["kexit.io/pods"];
  EXPECT_EQ(pods.size(), 1024u);
  EXPECT_EQ(pods.substr(pods.size() - 3), "...");
}

}  // namespace
}  // namespace kexit::agent
