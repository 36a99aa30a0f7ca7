#include "kubesim/event_conversion.h"

#include <gtest/gtest.h>

#include "fixture_loading.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;
using testing_support::load_fixture;

TEST(EventConversion, CoreEventRoundTripsThroughEventsV1) {
  json core = normalize_core_event(load_fixture("core.v1.Event.json"));
  json v1 = core_event_to_events_v1(core);
  EXPECT_EQ(v1["apiVersion"], "events.k8s.io/v1");
  EXPECT_EQ(v1["regarding"], core["involvedObject"]);
  EXPECT_EQ(v1["note"], core["message"]);
  EXPECT_EQ(v1["reportingController"], core["reportingComponent"]);
  EXPECT_EQ(v1["deprecatedCount"], core["count"]);
  EXPECT_EQ(v1["deprecatedFirstTimestamp"], core["firstTimestamp"]);
  EXPECT_EQ(events_v1_to_core_event(v1), core);
}

TEST(EventConversion, EventsV1FixtureConvertsToCore) {
  json v1 = load_fixture("events.k8s.io.v1.Event.json");
  json core = events_v1_to_core_event(v1);
  EXPECT_EQ(core["kind"], "Event");
  EXPECT_EQ(core["apiVersion"], "v1");
  EXPECT_EQ(core["involvedObject"], v1["regarding"]);
  EXPECT_EQ(core["message"], v1["note"]);
  EXPECT_EQ(core["series"], v1["series"]);
  EXPECT_EQ(core["eventTime"], v1["eventTime"]);
}

TEST(EventConversion, NormalizingFillsWhatTheServerAlwaysWrites) {
  json core = normalize_core_event({{"metadata", {{"name", "e"}}}, {"count", 0}});
  EXPECT_EQ(core["reportingComponent"], "");
  EXPECT_TRUE(core["firstTimestamp"].is_null());
  EXPECT_TRUE(core["eventTime"].is_null());
  EXPECT_EQ(core["source"], json::object());
  EXPECT_FALSE(core.contains("count"));
}

}  // namespace
}  // namespace kexit::kubesim
