#include "agent/leader_elector.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "fake_lease_store.h"
#include "testing/eventually.h"
#include "testing/fake_clock.h"

namespace kexit::agent {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

LeaderElectionConfig config(const std::string& identity) {
  return {identity, seconds(15), seconds(10), seconds(2), true};
}

double no_jitter() { return 0; }

TEST(LeaderElector, FirstCandidateCreatesTheLease) {
  testing::FakeClock clock;
  auto lease = std::make_shared<testing::SharedLease>();
  testing::FakeLeaseStore store(lease);
  LeaderElector elector(config("a"), store, clock, no_jitter);
  EXPECT_TRUE(elector.try_acquire_or_renew());
  EXPECT_TRUE(elector.is_leader());
  EXPECT_EQ(lease->record->holder_identity, "a");
  EXPECT_EQ(lease->record->lease_duration_seconds, 15);
  EXPECT_EQ(lease->record->lease_transitions, 0);
}

TEST(LeaderElector, LeaderRenewsKeepingItsAcquireTime) {
  testing::FakeClock clock;
  auto lease = std::make_shared<testing::SharedLease>();
  testing::FakeLeaseStore store(lease);
  LeaderElector elector(config("a"), store, clock, no_jitter);
  ASSERT_TRUE(elector.try_acquire_or_renew());
  auto acquired = lease->record->acquire_time;
  clock.advance(seconds(2));
  EXPECT_TRUE(elector.try_acquire_or_renew());
  EXPECT_EQ(lease->record->acquire_time, acquired);
  EXPECT_EQ(lease->record->renew_time, clock.now());
}

TEST(LeaderElector, FollowerWaitsOneLeaseDurationOnItsOwnClock) {
  testing::FakeClock clock;
  auto lease = std::make_shared<testing::SharedLease>();
  testing::FakeLeaseStore store_a(lease);
  testing::FakeLeaseStore store_b(lease);
  LeaderElector a(config("a"), store_a, clock, no_jitter);
  LeaderElector b(config("b"), store_b, clock, no_jitter);
  ASSERT_TRUE(a.try_acquire_or_renew());
  EXPECT_FALSE(b.try_acquire_or_renew());
  // The leader dies. b first saw the record at t0, so it is valid until t0 + 15 s.
  clock.advance(seconds(14));
  EXPECT_FALSE(b.try_acquire_or_renew());
  clock.advance(seconds(2));
  EXPECT_TRUE(b.try_acquire_or_renew());
  EXPECT_EQ(lease->record->holder_identity, "b");
  EXPECT_EQ(lease->record->lease_transitions, 1);
  // a comes back: the Lease is b's now.
  EXPECT_FALSE(a.try_acquire_or_renew());
  EXPECT_FALSE(a.is_leader());
}

TEST(LeaderElector, RecordAgeIsNotTakenFromAnotherNodesClock) {
  testing::FakeClock clock;
  auto lease = std::make_shared<testing::SharedLease>();
  LeaseRecord skewed;
  skewed.holder_identity = "a";
  skewed.lease_duration_seconds = 15;
  // Written by a node whose clock is an hour behind.
  skewed.renew_time = clock.now() - std::chrono::hours(1);
  skewed.resource_version = "7";
  lease->record = skewed;
  testing::FakeLeaseStore store(lease);
  LeaderElector b(config("b"), store, clock, no_jitter);
  EXPECT_FALSE(b.try_acquire_or_renew());
}

TEST(LeaderElector, StaleResourceVersionLosesTheRace) {
  testing::FakeClock clock;
  auto lease = std::make_shared<testing::SharedLease>();
  testing::FakeLeaseStore store_a(lease);
  testing::FakeLeaseStore store_b(lease);
  LeaderElector a(config("a"), store_a, clock, no_jitter);
  LeaderElector b(config("b"), store_b, clock, no_jitter);
  ASSERT_TRUE(a.try_acquire_or_renew());
  EXPECT_FALSE(b.try_acquire_or_renew());
  clock.advance(seconds(16));
  // a renews between b's read and b's write: b's write carries a stale resourceVersion.
  LeaseRecord stale = *lease->record;
  ASSERT_TRUE(a.try_acquire_or_renew());
  EXPECT_FALSE(store_b.update(stale).ok());
  EXPECT_EQ(lease->record->holder_identity, "a");
}

TEST(LeaderElector, ReleaseLetsAFollowerTakeOverAtOnce) {
  testing::FakeClock clock;
  auto lease = std::make_shared<testing::SharedLease>();
  testing::FakeLeaseStore store_a(lease);
  testing::FakeLeaseStore store_b(lease);
  LeaderElector a(config("a"), store_a, clock, no_jitter);
  LeaderElector b(config("b"), store_b, clock, no_jitter);
  ASSERT_TRUE(a.try_acquire_or_renew());
  EXPECT_FALSE(b.try_acquire_or_renew());
  a.release();
  EXPECT_FALSE(a.is_leader());
  EXPECT_EQ(lease->record->holder_identity, "");
  EXPECT_EQ(lease->record->lease_duration_seconds, 1);
  // An empty holder can be taken at once.
  EXPECT_TRUE(b.try_acquire_or_renew());
}

TEST(LeaderElector, RunLeadsUntilStoppedThenReleases) {
  testing::FakeClock clock;
  auto lease = std::make_shared<testing::SharedLease>();
  testing::FakeLeaseStore store(lease);
  LeaderElector elector(config("a"), store, clock, no_jitter);
  StopSignal stop;
  std::atomic<int> started{0};
  std::atomic<int> stopped{0};
  LeaderCallbacks callbacks;
  callbacks.started_leading = [&] { ++started; };
  callbacks.stopped_leading = [&] {
    ++stopped;
    // Work is finished before the Lease is released.
    EXPECT_EQ(lease->record->holder_identity, "a");
  };
  std::thread runner([&] { elector.run(stop, callbacks); });
  testing_support::eventually([&] { return lease->writes >= 5; });
  stop.request();
  runner.join();
  EXPECT_EQ(started.load(), 1);
  EXPECT_EQ(stopped.load(), 1);
  EXPECT_EQ(lease->record->holder_identity, "");
}

TEST(LeaderElector, StepsDownWhenRenewalsFailPastTheDeadline) {
  testing::FakeClock clock;
  auto lease = std::make_shared<testing::SharedLease>();
  testing::FakeLeaseStore store(lease);
  LeaderElector elector(config("a"), store, clock, no_jitter);
  StopSignal stop;
  std::atomic<bool> lost{false};
  LeaderCallbacks callbacks;
  callbacks.started_leading = [&] {
    std::lock_guard lock(lease->mutex);
    lease->failing = true;
  };
  callbacks.stopped_leading = [&] {
    lost = true;
    stop.request();
  };
  std::thread runner([&] { elector.run(stop, callbacks); });
  runner.join();
  EXPECT_TRUE(lost.load());
  EXPECT_FALSE(elector.is_leader());
}

TEST(LeaderElector, ValidatesTimings) {
  EXPECT_TRUE(validate(config("a")).ok());
  EXPECT_EQ(validate({"a", seconds(10), seconds(10), seconds(2), true}).error().message,
            "--lease-duration must be greater than --renew-deadline");
  EXPECT_EQ(validate({"a", seconds(15), seconds(2), seconds(2), true}).error().message,
            "--renew-deadline must be greater than 1.2 x --retry-period");
  EXPECT_FALSE(validate({"", seconds(15), seconds(10), seconds(2), true}).ok());
}

}  // namespace
}  // namespace kexit::agent
