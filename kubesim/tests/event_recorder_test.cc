#include "kubesim/event_recorder.h"

#include <gtest/gtest.h>

#include "kubesim/kube_time.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const TimePoint kStart = *parse_time("2024-05-01T12:00:00Z");

json unhealthy(const std::string& name, const std::string& message, TimePoint at) {
  return {{"apiVersion", "v1"},
          {"kind", "Event"},
          {"metadata", {{"name", name}, {"namespace", "shop"}}},
          {"involvedObject",
           {{"kind", "Pod"},
            {"namespace", "shop"},
            {"name", "web"},
            {"uid", "0b6e3c1e-2f0a-4c55-9d1e-5b0f3f6c2a11"},
            {"apiVersion", "v1"},
            {"fieldPath", "spec.containers{web}"}}},
          {"reason", "Unhealthy"},
          {"message", message},
          {"source", {{"component", "kubelet"}, {"host", "kubesim-node-1"}}},
          {"firstTimestamp", format_time(at)},
          {"lastTimestamp", format_time(at)},
          {"count", 1},
          {"type", "Warning"}};
}

std::vector<json> stored_events(const Cluster& cluster) {
  ListQuery query;
  query.storage = "events";
  std::vector<json> events;
  for (const auto& item : cluster.store().list(query).items) {
    events.push_back(json::parse(item->json));
  }
  return events;
}

TEST(EventRecorder, ARepeatCountsOnTheFirstEventInsteadOfANewOne) {
  ManualClock clock(kStart);
  Cluster cluster(clock);
  EventRecorder recorder(cluster);
  const std::string failed = "Liveness probe failed: HTTP probe failed with statuscode: 500";
  ASSERT_TRUE(recorder.record(unhealthy("web.1", failed, kStart)).ok());
  std::uint64_t first_version = cluster.store().resource_version();
  ASSERT_TRUE(recorder.record(unhealthy("web.2", failed, kStart + 10s)).ok());
  ASSERT_TRUE(recorder.record(unhealthy("web.3", failed, kStart + 20s)).ok());

  std::vector<json> events = stored_events(cluster);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["metadata"]["name"], "web.1");
  EXPECT_EQ(events[0]["count"], 3);
  EXPECT_EQ(events[0]["firstTimestamp"], "2024-05-01T12:00:00Z");
  EXPECT_EQ(events[0]["lastTimestamp"], "2024-05-01T12:00:20Z");
  // Each repeat is a write watchers see.
  ChangeRead read = cluster.store().read_changes("events", first_version, 10);
  ASSERT_EQ(read.changes.size(), 2u);
  EXPECT_EQ(read.changes[1].type, ChangeType::Modified);
}

TEST(EventRecorder, AnotherMessageOrContainerIsAnotherEvent) {
  ManualClock clock(kStart);
  Cluster cluster(clock);
  EventRecorder recorder(cluster);
  ASSERT_TRUE(recorder.record(unhealthy("web.1", "Liveness probe failed: a", kStart)).ok());
  ASSERT_TRUE(recorder.record(unhealthy("web.2", "Liveness probe failed: b", kStart)).ok());
  json sidecar = unhealthy("web.3", "Liveness probe failed: a", kStart);
  sidecar["involvedObject"]["fieldPath"] = "spec.containers{proxy}";
  ASSERT_TRUE(recorder.record(sidecar).ok());
  EXPECT_EQ(stored_events(cluster).size(), 3u);
}

TEST(EventRecorder, AfterTheEventExpiredARepeatStartsANewOne) {
  ManualClock clock(kStart);
  Cluster cluster(clock);
  EventRecorder recorder(cluster);
  ASSERT_TRUE(recorder.record(unhealthy("web.1", "Liveness probe failed: a", kStart)).ok());
  clock.advance(61min);
  cluster.expire_events();
  ASSERT_TRUE(recorder.record(unhealthy("web.2", "Liveness probe failed: a", kStart + 61min)).ok());
  std::vector<json> events = stored_events(cluster);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["metadata"]["name"], "web.2");
  EXPECT_EQ(events[0]["count"], 1);
}

TEST(EventRecorder, KeyFollowsClientGoGetEventKey) {
  json event = unhealthy("web.1", "m", kStart);
  EXPECT_EQ(event_aggregation_key(event),
            "kubeletkubesim-node-1Podshopwebspec.containers{web}"
            "0b6e3c1e-2f0a-4c55-9d1e-5b0f3f6c2a11v1WarningUnhealthym");
}

}  // namespace
}  // namespace kexit::kubesim
