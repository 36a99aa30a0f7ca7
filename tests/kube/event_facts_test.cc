#include "kube/event_facts.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

using nlohmann::json;

TEST(EventFacts, ReadsACoreV1EventAsTheKubeletWritesIt) {
  json event = json::parse(R"({
    "apiVersion": "v1", "kind": "Event", "type": "Warning", "reason": "Unhealthy",
    "message": "Liveness probe failed: HTTP probe failed with statuscode: 500",
    "source": {"component": "kubelet", "host": "node-1"}, "count": 6,
    "firstTimestamp": "2026-12-06T10:00:00Z", "lastTimestamp": "2026-12-06T10:02:30Z",
    "involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-1", "uid": "u-1",
                       "fieldPath": "spec.containers{web}"}})");
  auto facts = parse_event(event, "events.json");
  ASSERT_TRUE(facts.ok()) << facts.error().to_string();
  EXPECT_EQ(facts->reason, "Unhealthy");
  EXPECT_EQ(facts->source, "kubelet");
  EXPECT_EQ(facts->count, 6);
  EXPECT_EQ(facts->first_time, "2026-12-06T10:00:00Z");
  EXPECT_EQ(facts->last_time, "2026-12-06T10:02:30Z");
  EXPECT_EQ(facts->object_uid, "u-1");
  EXPECT_TRUE(concerns_container(*facts, "web"));
  EXPECT_FALSE(concerns_container(*facts, "sidecar"));
}

TEST(EventFacts, ReadsAnEventsV1EventWithItsSeries) {
  json event = json::parse(R"({
    "apiVersion": "events.k8s.io/v1", "kind": "Event", "type": "Warning", "reason": "BackOff",
    "note": "Back-off restarting failed container", "reportingController": "kubelet",
    "eventTime": "2026-12-06T10:00:00.000000Z",
    "series": {"count": 9, "lastObservedTime": "2026-12-06T10:09:00.000000Z"},
    "regarding": {"kind": "Pod", "namespace": "shop", "name": "web-1", "uid": "u-1"}})");
  auto facts = parse_event(event, "events.json");
  ASSERT_TRUE(facts.ok()) << facts.error().to_string();
  EXPECT_EQ(facts->message, "Back-off restarting failed container");
  EXPECT_EQ(facts->count, 9);
  EXPECT_EQ(facts->last_time, "2026-12-06T10:09:00.000000Z");
  EXPECT_TRUE(concerns_container(*facts, "anything"));  // about the pod as a whole
}

TEST(EventFacts, AnEventWithoutReasonOrMessageIsAnErrorNamingTheField) {
  auto facts = parse_event(json::parse(R"({"kind": "Event"})"), "events.json", ".items[2]");
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.error().to_string().rfind("events.json:.items[2].reason: missing", 0), 0u)
      << facts.error().to_string();
}

TEST(EventFacts, FieldPathsNameContainersOfEveryKind) {
  EXPECT_EQ(container_of_field_path("spec.containers{web}"), "web");
  EXPECT_EQ(container_of_field_path("spec.initContainers{migrate}"), "migrate");
  EXPECT_EQ(container_of_field_path("spec.ephemeralContainers{debugger}"), "debugger");
  EXPECT_EQ(container_of_field_path("spec.containers{"), "");
  EXPECT_EQ(container_of_field_path("metadata.name"), "");
  EXPECT_EQ(container_of_field_path(""), "");
}

}  // namespace
}  // namespace kexit::kube
