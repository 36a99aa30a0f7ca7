#include "agent/event_emitter.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "fake_agent_api.h"
#include "testing/fake_clock.h"

namespace kexit::agent {
namespace {

diagnose::ContainerDiagnosis diagnosis(const std::string& cause, int restart_count = 1) {
  diagnose::ContainerDiagnosis result;
  result.namespace_name = "shop";
  result.pod = "api-1";
  result.pod_uid = "uid-1";
  result.container = "app";
  result.exit_code = 101;
  result.restart_count = restart_count;
  diagnose::Diagnosis top;
  top.cause = cause;
  top.rule_id = "rule." + cause;
  top.confidence = 0.9;
  result.diagnoses.push_back(top);
  return result;
}

class EventEmitterTest : public ::testing::Test {
 protected:
  EventEmitterTest()
      : metrics_(registry_),
        log_(log_text_, clock_, LogLevel::kDebug),
        series_(std::chrono::minutes(30)),
        limiter_({.per_second = 1, .burst = 100}, clock_),
        emitter_(api_, series_, limiter_, metrics_, log_, clock_, "kexit-agent-0") {}

  EmitResult emit(const std::string& cause, const std::string& termination, int restarts = 1) {
    return emitter_.emit(diagnosis(cause, restarts), {"RustPanic", "Warning"}, "uid-1",
                         termination);
  }

  testing::FakeClock clock_;
  testing::FakeAgentApi api_;
  MetricsRegistry registry_;
  AgentMetrics metrics_;
  std::ostringstream log_text_;
  JsonLogger log_;
  EventSeriesTracker series_;
  NamespaceRateLimiter limiter_;
  EventEmitter emitter_;
};

TEST_F(EventEmitterTest, RepeatedCrashesWithOneCauseAreOneEventWithAGrowingSeries) {
  EXPECT_EQ(emit("rust-panic", "t1"), EmitResult::kCreated);
  clock_.advance(std::chrono::seconds(40));
  EXPECT_EQ(emit("rust-panic", "t2", 2), EmitResult::kUpdated);
  clock_.advance(std::chrono::seconds(80));
  EXPECT_EQ(emit("rust-panic", "t3", 3), EmitResult::kUpdated);
  auto events = api_.events();
  ASSERT_EQ(events.size(), 1u);
  const auto& event = events.begin()->second;
  EXPECT_EQ(event["series"]["count"], 3);
  EXPECT_EQ(event["metadata"]["annotations"]["kexit.io/termination-id"], "t3");
  EXPECT_EQ(event["metadata"]["annotations"]["kexit.io/restart-count"], "3");
  EXPECT_EQ(event["metadata"]["annotations"]["kexit.io/cause"], "rust-panic");
  EXPECT_EQ(metrics_.events.value({"created"}), 1);
  EXPECT_EQ(metrics_.events.value({"updated"}), 2);
}

TEST_F(EventEmitterTest, ANewCauseOrAQuietWindowStartsAFreshEvent) {
  EXPECT_EQ(emit("rust-panic", "t1"), EmitResult::kCreated);
  EXPECT_EQ(emit("oom-killed", "t2"), EmitResult::kCreated);
  clock_.advance(std::chrono::minutes(31));
  EXPECT_EQ(emit("oom-killed", "t3"), EmitResult::kCreated);
  EXPECT_EQ(api_.events().size(), 3u);
}

TEST_F(EventEmitterTest, AlternatingCausesUpdateTheirOwnEventsNeverAThird) {
  EXPECT_EQ(emit("rust-panic", "t1"), EmitResult::kCreated);
  clock_.advance(std::chrono::minutes(1));
  EXPECT_EQ(emit("oom-killed", "t2", 2), EmitResult::kCreated);
  clock_.advance(std::chrono::minutes(1));
  EXPECT_EQ(emit("rust-panic", "t3", 3), EmitResult::kUpdated);
  clock_.advance(std::chrono::minutes(1));
  EXPECT_EQ(emit("oom-killed", "t4", 4), EmitResult::kUpdated);
  auto events = api_.events();
  ASSERT_EQ(events.size(), 2u);
  std::map<std::string, std::pair<int, std::string>> by_cause;
  for (const auto& [name, event] : events) {
    const auto& annotations = event["metadata"]["annotations"];
    by_cause[annotations["kexit.io/cause"]] = {event["series"]["count"].get<int>(),
                                               annotations["kexit.io/termination-id"]};
  }
  EXPECT_EQ(by_cause["rust-panic"], std::make_pair(2, std::string("t3")));
  EXPECT_EQ(by_cause["oom-killed"], std::make_pair(2, std::string("t4")));
  EXPECT_EQ(metrics_.events.value({"created"}), 2);
  EXPECT_EQ(metrics_.events.value({"updated"}), 2);
}

TEST_F(EventEmitterTest, ExistingEventIsADuplicateNotAnError) {
  EXPECT_EQ(emit("rust-panic", "t1"), EmitResult::kCreated);
  // Another replica (or this one before a restart) reports the same termination.
  EventSeriesTracker other_series(std::chrono::minutes(30));
  EventEmitter other(api_, other_series, limiter_, metrics_, log_, clock_, "kexit-agent-1");
  EXPECT_EQ(other.emit(diagnosis("rust-panic"), {"RustPanic", "Warning"}, "uid-1", "t1"),
            EmitResult::kDuplicate);
  EXPECT_EQ(api_.events().size(), 1u);
}

TEST_F(EventEmitterTest, ExpiredSeriesEventIsCreatedAgain) {
  EXPECT_EQ(emit("rust-panic", "t1"), EmitResult::kCreated);
  auto name = series_.find("uid-1", "app", "rust-panic")->event_name;
  series_.record(
      "uid-1", "app",
      {"shop", "gone.0000000000000000", "rust-panic", kube::EventApi::kEventsV1, 1, clock_.now()});
  EXPECT_EQ(emit("rust-panic", "t2"), EmitResult::kRecreated);
  EXPECT_EQ(api_.events().size(), 2u);
  EXPECT_NE(series_.find("uid-1", "app", "rust-panic")->event_name, name);
}

TEST_F(EventEmitterTest, FallsBackToCoreEventsWithoutTheEventsGroup) {
  api_.events_v1 = false;
  EXPECT_EQ(emit("rust-panic", "t1"), EmitResult::kCreated);
  EXPECT_EQ(emitter_.api(), kube::EventApi::kCoreV1);
  auto event = api_.events().begin()->second;
  EXPECT_EQ(event["apiVersion"], "v1");
  EXPECT_EQ(event["involvedObject"]["name"], "api-1");
  EXPECT_EQ(emit("rust-panic", "t2"), EmitResult::kUpdated);
  event = api_.events().begin()->second;
  EXPECT_EQ(event["count"], 2);
  EXPECT_EQ(event["series"]["count"], 2);
}

TEST_F(EventEmitterTest, ForbiddenIsLoggedClearlyAndCounted) {
  api_.create_status = 403;
  EXPECT_EQ(emit("rust-panic", "t1"), EmitResult::kForbidden);
  EXPECT_EQ(emit("oom-killed", "t2"), EmitResult::kForbidden);
  EXPECT_EQ(metrics_.events.value({"forbidden"}), 2);
  std::string text = log_text_.str();
  EXPECT_NE(text.find("\"level\":\"error\",\"msg\":\"RBAC forbids writing Events: grant create "
                      "and patch on events"),
            std::string::npos);
  // The explanation is logged once; later refusals are shorter warnings.
  EXPECT_EQ(text.find("RBAC forbids", text.find("RBAC forbids") + 1), std::string::npos);
}

TEST_F(EventEmitterTest, NamespaceRateLimitSkipsTheWrite) {
  NamespaceRateLimiter strict({.per_second = 0.001, .burst = 1}, clock_);
  EventEmitter limited(api_, series_, strict, metrics_, log_, clock_, "kexit-agent-0");
  EXPECT_EQ(limited.emit(diagnosis("rust-panic"), {"RustPanic", "Warning"}, "uid-1", "t1"),
            EmitResult::kCreated);
  EXPECT_EQ(limited.emit(diagnosis("oom-killed"), {"OOMKilled", "Warning"}, "uid-1", "t2"),
            EmitResult::kRateLimited);
  EXPECT_EQ(metrics_.events.value({"rate_limited"}), 1);
}

TEST_F(EventEmitterTest, TransientFailuresAreRetriedUntilTheEventIsWritten) {
  api_.create_faults = {{503}, {0}, {429}};
  EXPECT_EQ(emit("rust-panic", "t1"), EmitResult::kCreated);
  EXPECT_EQ(api_.create_attempts, 4);
  EXPECT_EQ(api_.events().size(), 1u);
  EXPECT_EQ(metrics_.events.value({"retried"}), 3);
  EXPECT_EQ(metrics_.events.value({"created"}), 1);
  EXPECT_EQ(metrics_.events.value({"failed"}), 0);

  api_.patch_faults = {{500}, {0, true}};
  EXPECT_EQ(emit("rust-panic", "t2", 2), EmitResult::kUpdated);
  EXPECT_EQ(api_.patch_attempts, 3);
  EXPECT_EQ(api_.events().begin()->second["series"]["count"], 2);
  EXPECT_EQ(metrics_.events.value({"retried"}), 5);
}

TEST_F(EventEmitterTest, ClientErrorsAreNotRetried) {
  api_.create_faults = {{422}};
  EXPECT_EQ(emit("rust-panic", "t1"), EmitResult::kFailed);
  api_.create_status = 403;
  EXPECT_EQ(emit("oom-killed", "t2"), EmitResult::kForbidden);
  EXPECT_EQ(api_.create_attempts, 2);
  EXPECT_EQ(metrics_.events.value({"retried"}), 0);
}

TEST_F(EventEmitterTest, RetriesAreBoundedInAttemptsAndTime) {
  auto start = clock_.now();
  api_.create_faults.assign(10, {503});
  EXPECT_EQ(emit("rust-panic", "t1"), EmitResult::kFailed);
  EXPECT_EQ(api_.create_attempts, 4);
  EXPECT_EQ(metrics_.events.value({"retried"}), 3);
  EXPECT_EQ(metrics_.events.value({"failed"}), 1);
  // Backoff 1 s, 2 s, 4 s, each stretched by up to half.
  EXPECT_GE(clock_.now() - start, std::chrono::seconds(7));
  EXPECT_LE(clock_.now() - start, std::chrono::milliseconds(10500));
  // The write's latency is its whole time on the clock, retries included.
  EXPECT_EQ(metrics_.event_write_seconds.count(), 1u);
  EXPECT_EQ(metrics_.event_write_seconds.sum(),
            std::chrono::duration<double>(clock_.now() - start).count());
  // Nothing was recorded: the next termination opens the episode again.
  EXPECT_FALSE(series_.find("uid-1", "app", "rust-panic").has_value());
}

TEST_F(EventEmitterTest, ARetriedCreateThatWasAppliedIsCreatedNotADuplicate) {
  // The server wrote the Event, but the answer was lost: the retry finds it with 409.
  api_.create_faults = {{0, true}};
  EXPECT_EQ(emit("rust-panic", "t1"), EmitResult::kCreated);
  EXPECT_EQ(api_.creates, 1);
  ASSERT_TRUE(series_.find("uid-1", "app", "rust-panic").has_value());
  EXPECT_EQ(series_.find("uid-1", "app", "rust-panic")->count, 1);
}

// A clock that asks the agent to stop the first time something sleeps on it.
class StoppingClock : public testing::FakeClock {
 public:
  explicit StoppingClock(StopSignal& stop) : stop_(stop) {}
  void sleep_for(std::chrono::milliseconds duration) override {
    FakeClock::sleep_for(duration);
    stop_.request();
  }

 private:
  StopSignal& stop_;
};

TEST_F(EventEmitterTest, RetriesEndWhenTheAgentStops) {
  StopSignal stop;
  StoppingClock clock(stop);
  EventEmitter emitter(api_, series_, limiter_, metrics_, log_, clock, "kexit-agent-0");
  api_.create_faults.assign(10, {503});
  auto start = clock.now();
  EXPECT_EQ(emitter.emit(diagnosis("rust-panic"), {"RustPanic", "Warning"}, "uid-1", "t1",
                         Admission::kCheck, &stop),
            EmitResult::kFailed);
  EXPECT_EQ(api_.create_attempts, 1);
  // The backoff wait ended at its first slice, not after a second or more.
  EXPECT_LT(clock.now() - start, std::chrono::milliseconds(100));
  // Already stopping: what is left is written once, without waiting.
  EXPECT_EQ(emitter.emit(diagnosis("oom-killed"), {"OOMKilled", "Warning"}, "uid-1", "t2",
                         Admission::kCheck, &stop),
            EmitResult::kFailed);
  EXPECT_EQ(api_.create_attempts, 2);
  EXPECT_EQ(metrics_.events.value({"retried"}), 0);
}

TEST_F(EventEmitterTest, AlreadyExistsContinuesTheExistingSeries) {
  EXPECT_EQ(emit("rust-panic", "t1"), EmitResult::kCreated);
  clock_.advance(std::chrono::seconds(40));
  EXPECT_EQ(emit("rust-panic", "t2", 2), EmitResult::kUpdated);
  clock_.advance(std::chrono::seconds(40));
  EXPECT_EQ(emit("rust-panic", "t3", 3), EmitResult::kUpdated);
  auto written = clock_.now();
  // Another replica that never saw this series reports the episode's first termination, then
  // the next one: it continues the count at 4 instead of setting it back to 2.
  clock_.advance(std::chrono::seconds(40));
  EventSeriesTracker other_series(std::chrono::minutes(30));
  EventEmitter other(api_, other_series, limiter_, metrics_, log_, clock_, "kexit-agent-1");
  EXPECT_EQ(other.emit(diagnosis("rust-panic"), {"RustPanic", "Warning"}, "uid-1", "t1"),
            EmitResult::kDuplicate);
  EXPECT_EQ(api_.event_lists, 1);
  auto adopted = other_series.find("uid-1", "app", "rust-panic");
  ASSERT_TRUE(adopted.has_value());
  EXPECT_EQ(adopted->count, 3);
  EXPECT_TRUE(adopted->last_observed == written);
  EXPECT_EQ(other.emit(diagnosis("rust-panic", 4), {"RustPanic", "Warning"}, "uid-1", "t4"),
            EmitResult::kUpdated);
  EXPECT_EQ(api_.events().begin()->second["series"]["count"], 4);
}

}  // namespace
}  // namespace kexit::agent
