#include "kube/event_attachment.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

EventFacts node_event(const std::string& reason, const std::string& last_time) {
  EventFacts event;
  event.type = "Warning";
  event.reason = reason;
  event.object_kind = "Node";
  event.object_name = "node-1";
  event.last_time = last_time;
  return event;
}

PodFacts pod_on_node_1(const std::string& name, int exit_code, const std::string& reason) {
  PodFacts pod;
  pod.namespace_name = "shop";
  pod.name = name;
  pod.node = "node-1";
  ContainerFacts container;
  container.name = "app";
  container.termination.exit_code = exit_code;
  container.termination.reason = reason;
  container.termination.finished_at = "2024-05-01T10:00:00Z";
  pod.to_diagnose.push_back(container);
  return pod;
}

std::vector<std::string> reasons(const std::vector<EventFacts>& events) {
  std::vector<std::string> found;
  for (const auto& event : events) {
    found.push_back(event.reason);
  }
  return found;
}

// As cluster mode reads them: the node's Events go only to a termination that may be the
// node's doing, and only those around its finishedAt (15 minutes before to 5 after).
TEST(EventAttachment, NodeEventsGoOnlyToNodeLevelTerminationsAroundTheirEnd) {
  std::vector<PodFacts> pods = {pod_on_node_1("killed", 137, "Error"),
                                pod_on_node_1("crashed", 1, "Error"),
                                pod_on_node_1("oom", 137, "OOMKilled")};
  std::vector<EventFacts> events = {node_event("SystemOOM", "2024-05-01T09:59:00Z"),
                                    node_event("NodeNotReady", "2024-05-01T07:00:00Z"),
                                    node_event("Rebooted", "2024-05-01T10:04:00Z"),
                                    node_event("NodeReady", "2024-05-01T10:06:00Z")};
  EXPECT_EQ(attach_events(pods, events), 0u);
  EXPECT_EQ(reasons(pods[0].node_events), (std::vector<std::string>{"SystemOOM", "Rebooted"}));
  // An application's own crash, or its own OOM kill, beside a node's trouble is not the node's.
  EXPECT_TRUE(pods[1].node_events.empty());
  EXPECT_TRUE(pods[2].node_events.empty());
}

TEST(EventAttachment, AnEvictedPodGetsTheNodesEventsWithoutATerminatedContainer) {
  PodFacts evicted;
  evicted.namespace_name = "shop";
  evicted.name = "web-1";
  evicted.node = "node-1";
  evicted.phase = "Failed";
  evicted.reason = "Evicted";
  evicted.message = "The node was low on resource: memory.";
  std::vector<PodFacts> pods = {evicted};
  EXPECT_EQ(attach_events(pods, {node_event("EvictionThresholdMet", "2024-05-01T09:59:00Z")}), 0u);
  EXPECT_EQ(reasons(pods[0].node_events), std::vector<std::string>{"EvictionThresholdMet"});
}

TEST(EventAttachment, EventsOfAPodGoToItByUidElseByNamespaceAndName) {
  std::vector<PodFacts> pods = {pod_on_node_1("web-1", 1, "Error")};
  pods[0].uid = "pod-uid-2";
  EventFacts current;
  current.reason = "BackOff";
  current.object_kind = "Pod";
  current.object_name = "web-1";
  current.object_namespace = "shop";
  current.object_uid = "pod-uid-2";
  EventFacts earlier = current;
  earlier.reason = "Killing";
  earlier.object_uid = "pod-uid-1";
  EventFacts no_uid = current;
  no_uid.reason = "Unhealthy";
  no_uid.object_uid = "";
  EXPECT_EQ(attach_events(pods, {current, earlier, no_uid}), 1u);
  EXPECT_EQ(reasons(pods[0].events), (std::vector<std::string>{"BackOff", "Unhealthy"}));
}

}  // namespace
}  // namespace kexit::kube
