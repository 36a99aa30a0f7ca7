#include "agent/event_series.h"

#include <gtest/gtest.h>

namespace kexit::agent {
namespace {

using std::chrono::minutes;

kube::TimePoint start() { return kube::TimePoint(std::chrono::hours(24 * 365 * 54)); }

SeriesEntry entry(const SeriesDecision& decision, const std::string& cause, kube::TimePoint now) {
  return {"shop", decision.event_name, cause, decision.api, decision.count, now};
}

TEST(EventSeries, SameCauseUpdatesOneEvent) {
  EventSeriesTracker tracker(minutes(30));
  auto first = tracker.decide("uid", "app", "api-1", "rust-panic", "t1", start());
  EXPECT_EQ(first.step, SeriesDecision::Step::kCreate);
  EXPECT_EQ(first.count, 1);
  tracker.record("uid", "app", entry(first, "rust-panic", start()));
  auto second = tracker.decide("uid", "app", "api-1", "rust-panic", "t2", start() + minutes(1));
  EXPECT_EQ(second.step, SeriesDecision::Step::kUpdate);
  EXPECT_EQ(second.event_name, first.event_name);
  EXPECT_EQ(second.count, 2);
  tracker.record("uid", "app", entry(second, "rust-panic", start() + minutes(1)));
  auto third = tracker.decide("uid", "app", "api-1", "rust-panic", "t3", start() + minutes(2));
  EXPECT_EQ(third.count, 3);
}

TEST(EventSeries, NewCauseStartsAFreshEvent) {
  EventSeriesTracker tracker(minutes(30));
  auto first = tracker.decide("uid", "app", "api-1", "rust-panic", "t1", start());
  tracker.record("uid", "app", entry(first, "rust-panic", start()));
  auto other = tracker.decide("uid", "app", "api-1", "oom-killed", "t2", start() + minutes(1));
  EXPECT_EQ(other.step, SeriesDecision::Step::kCreate);
  EXPECT_NE(other.event_name, first.event_name);
}

TEST(EventSeries, AnEarlierCauseComingBackUpdatesItsOwnEvent) {
  EventSeriesTracker tracker(minutes(30));
  auto panic = tracker.decide("uid", "app", "api-1", "rust-panic", "t1", start());
  tracker.record("uid", "app", entry(panic, "rust-panic", start()));
  auto oom = tracker.decide("uid", "app", "api-1", "oom-killed", "t2", start() + minutes(1));
  EXPECT_EQ(oom.step, SeriesDecision::Step::kCreate);
  tracker.record("uid", "app", entry(oom, "oom-killed", start() + minutes(1)));
  auto again = tracker.decide("uid", "app", "api-1", "rust-panic", "t3", start() + minutes(2));
  EXPECT_EQ(again.step, SeriesDecision::Step::kUpdate);
  EXPECT_EQ(again.event_name, panic.event_name);
  EXPECT_EQ(again.count, 2);
  tracker.record("uid", "app", entry(again, "rust-panic", start() + minutes(2)));
  EXPECT_EQ(tracker.find("uid", "app", "oom-killed")->event_name, oom.event_name);
  EXPECT_EQ(tracker.find("uid", "app", "rust-panic")->count, 2);
  EXPECT_EQ(tracker.size(), 2u);
}

TEST(EventSeries, QuietWindowStartsANewEpisode) {
  EventSeriesTracker tracker(minutes(30));
  auto first = tracker.decide("uid", "app", "api-1", "rust-panic", "t1", start());
  tracker.record("uid", "app", entry(first, "rust-panic", start()));
  auto within = tracker.decide("uid", "app", "api-1", "rust-panic", "t2", start() + minutes(30));
  EXPECT_EQ(within.step, SeriesDecision::Step::kUpdate);
  auto after = tracker.decide("uid", "app", "api-1", "rust-panic", "t2", start() + minutes(31));
  EXPECT_EQ(after.step, SeriesDecision::Step::kCreate);
}

TEST(EventSeries, OtherContainersAreSeparate) {
  EventSeriesTracker tracker(minutes(30));
  auto first = tracker.decide("uid", "app", "api-1", "rust-panic", "t1", start());
  tracker.record("uid", "app", entry(first, "rust-panic", start()));
  EXPECT_EQ(tracker.decide("uid", "sidecar", "api-1", "rust-panic", "t2", start()).step,
            SeriesDecision::Step::kCreate);
}

TEST(EventSeries, ExpireDropsQuietSeries) {
  EventSeriesTracker tracker(minutes(30));
  auto first = tracker.decide("uid", "app", "api-1", "rust-panic", "t1", start());
  tracker.record("uid", "app", entry(first, "rust-panic", start()));
  tracker.expire(start() + minutes(10));
  EXPECT_EQ(tracker.size(), 1u);
  tracker.expire(start() + minutes(31));
  EXPECT_EQ(tracker.size(), 0u);
}

TEST(EventSeries, OlderRecordDoesNotReplaceANewerOne) {
  EventSeriesTracker tracker(minutes(30));
  tracker.record("uid", "app",
                 {"shop", "new", "rust-panic", kube::EventApi::kEventsV1, 5, start() + minutes(5)});
  tracker.record("uid", "app",
                 {"shop", "old", "rust-panic", kube::EventApi::kEventsV1, 2, start()});
  EXPECT_EQ(tracker.find("uid", "app", "rust-panic")->event_name, "new");
}

}  // namespace
}  // namespace kexit::agent
