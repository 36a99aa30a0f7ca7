#include "agent/reported_events.h"

#include <gtest/gtest.h>

#include "kube/api_time.h"

namespace kexit::agent {
namespace {

nlohmann::json core_event(const std::string& name, const std::string& termination,
                          const std::string& last_time) {
  return {{"metadata",
           {{"name", name},
            {"namespace", "shop"},
            {"annotations",
             {{"kexit.io/container", "app"},
              {"kexit.io/cause", "rust-panic"},
              {"kexit.io/termination-id", termination}}}}},
          {"involvedObject", {{"kind", "Pod"}, {"name", "api-1"}, {"uid", "uid-1"}}},
          {"eventTime", "2024-01-01T00:00:00.000000Z"},
          {"series", {{"count", 4}, {"lastObservedTime", last_time}}}};
}

TEST(ReportedEvents, ReadsWhatTheEventStandsFor) {
  auto reported =
      read_reported_event(core_event("api-1.1", "containerd://a", "2024-01-01T00:05:00.000000Z"));
  ASSERT_TRUE(reported);
  EXPECT_EQ(reported->namespace_name, "shop");
  EXPECT_EQ(reported->event_name, "api-1.1");
  EXPECT_EQ(reported->pod_key, "uid-1");
  EXPECT_EQ(reported->container, "app");
  EXPECT_EQ(reported->cause, "rust-panic");
  EXPECT_EQ(reported->termination_id, "containerd://a");
  EXPECT_EQ(reported->count, 4);
  EXPECT_EQ(reported->last_observed, *kube::parse_api_time("2024-01-01T00:05:00Z"));
}

TEST(ReportedEvents, ReadsTheEventsV1Shape) {
  nlohmann::json event = core_event("api-1.1", "t", "2024-01-01T00:05:00.000000Z");
  event["regarding"] = event["involvedObject"];
  event.erase("involvedObject");
  event.erase("series");
  auto reported = read_reported_event(event);
  ASSERT_TRUE(reported);
  EXPECT_EQ(reported->pod_key, "uid-1");
  EXPECT_EQ(reported->count, 1);
  EXPECT_EQ(reported->last_observed, *kube::parse_api_time("2024-01-01T00:00:00Z"));
}

TEST(ReportedEvents, IgnoresEventsWithoutTheAnnotations) {
  EXPECT_FALSE(read_reported_event({{"metadata", {{"name", "x"}}}}));
  EXPECT_FALSE(read_reported_event(nlohmann::json::array()));
  nlohmann::json odd = core_event("a", "t", "x");
  odd["series"]["count"] = "four";
  EXPECT_TRUE(read_reported_event(odd));
}

TEST(ReportedEvents, OrdersByLastObservation) {
  auto events = read_reported_events({core_event("late", "t2", "2024-01-01T00:09:00.000000Z"),
                                      core_event("early", "t1", "2024-01-01T00:01:00.000000Z")});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].event_name, "early");
  EXPECT_EQ(events[1].event_name, "late");
}

}  // namespace
}  // namespace kexit::agent
