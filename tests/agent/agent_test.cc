#include "agent/agent.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <thread>

#include "fake_agent_api.h"
#include "fake_lease_store.h"
#include "kube/clock.h"
#include "pod_json.h"
#include "testing/eventually.h"
#include "testing/fake_clock.h"

namespace kexit::agent {
namespace {

// The agent with real threads against the in-memory API, on an injected clock: a FakeClock whose
// time stands still unless the test moves it (its sleeps only yield), so Lease and Event-series
// timings cannot expire behind the test's back. Waits are bounded polls on state. The one test
// on the wall clock says why; it carries the ctest label `realtime` (tests/agent/tests.cmake).
using testing_support::eventually;

AgentOptions options() {
  AgentOptions result;
  result.since.reset();
  result.listen_port = -1;
  result.leader_elect = false;
  result.pod_name = "kexit-agent-0";
  result.workers = 2;
  result.knowledge_poll_interval = std::chrono::milliseconds(50);
  return result;
}

class RunningAgent {
 public:
  RunningAgent(AgentOptions agent_options, AgentApi& api, kube::Clock& clock,
               LeaseStore* lease = nullptr)
      : log_(log_text_, clock), agent_(std::move(agent_options), api, lease, clock, log_) {
    auto started = agent_.start();
    EXPECT_TRUE(started.ok());
    thread_ = std::thread([this] { agent_.run(stop_); });
  }
  ~RunningAgent() { stop(); }
  void stop() {
    stop_.request();
    if (thread_.joinable()) {
      thread_.join();
    }
  }
  Agent& agent() { return agent_; }
  std::string log() { return log_text_.str(); }

 private:
  std::ostringstream log_text_;
  JsonLogger log_;
  Agent agent_;
  StopSignal stop_;
  std::thread thread_;
};

// Time stands still: the agent's idle loops yield instead of spinning, and nothing expires.
testing_support::FakeClock frozen_clock() {
  return testing_support::FakeClock(testing_support::FakeClock::Sleeps::kFreeze);
}

TEST(Agent, ReportsEachTerminationOnceAcrossRestarts) {
  auto clock = frozen_clock();
  testing::FakeAgentApi api;
  api.put_pod(testing::crashed_pod("shop", "api-1", "uid-1"));
  {
    RunningAgent running(options(), api, clock);
    ASSERT_TRUE(eventually([&] { return api.creates == 1; }));
    ASSERT_TRUE(eventually([&] { return running.agent().ready(); }));
    testing::CrashedContainer again;
    again.container_id = "containerd://bbb";
    again.restart_count = 2;
    api.put_pod(testing::crashed_pod("shop", "api-1", "uid-1", again));
    ASSERT_TRUE(eventually([&] { return api.patches == 1; }));
  }
  // A restarted agent finds its Event and neither re-alerts nor starts a new Event.
  RunningAgent restarted(options(), api, clock);
  ASSERT_TRUE(eventually([&] { return restarted.agent().ready(); }));
  testing::CrashedContainer third;
  third.container_id = "containerd://ccc";
  third.restart_count = 3;
  api.put_pod(testing::crashed_pod("shop", "api-1", "uid-1", third));
  ASSERT_TRUE(eventually([&] { return api.patches == 2; }));
  restarted.stop();
  EXPECT_EQ(api.creates, 1);
  auto events = api.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events.begin()->second["series"]["count"], 3);
}

TEST(Agent, KeepsDiagnosingWhenEventsAreForbidden) {
  auto clock = frozen_clock();
  testing::FakeAgentApi api;
  api.create_status = 403;
  api.put_pod(testing::crashed_pod("shop", "api-1", "uid-1"));
  RunningAgent running(options(), api, clock);
  ASSERT_TRUE(
      eventually([&] { return running.agent().metrics().events.value({"forbidden"}) == 1; }));
  api.put_pod(testing::crashed_pod("shop", "api-2", "uid-2"));
  ASSERT_TRUE(
      eventually([&] { return running.agent().metrics().events.value({"forbidden"}) == 2; }));
  running.stop();
  EXPECT_NE(running.log().find("RBAC forbids writing Events"), std::string::npos);
  EXPECT_EQ(running.agent().metrics().terminations.value({"shop", "101", "application-exit-code"}) +
                running.agent().metrics().terminations.value({"shop", "101", "rust-panic"}),
            2);
}

// With time frozen, b's view of a's Lease never expires: b takes over only because a releases it.
TEST(Agent, OnlyTheLeaderReportsAndAFollowerTakesOver) {
  auto clock = frozen_clock();
  testing::FakeAgentApi api;
  api.put_pod(testing::crashed_pod("shop", "api-1", "uid-1"));
  auto lease = std::make_shared<testing::SharedLease>();
  testing::FakeLeaseStore store_a(lease);
  testing::FakeLeaseStore store_b(lease);
  auto elected = [](const std::string& name) {
    auto result = options();
    result.leader_elect = true;
    result.pod_name = name;
    result.election = {name, std::chrono::milliseconds(3000), std::chrono::milliseconds(2000),
                       std::chrono::milliseconds(100), true};
    return result;
  };
  auto a = std::make_unique<RunningAgent>(elected("a"), api, clock, &store_a);
  ASSERT_TRUE(eventually([&] { return a->agent().leading() && api.creates == 1; }));
  RunningAgent b(elected("b"), api, clock, &store_b);
  EXPECT_TRUE(eventually([&] { return b.agent().ready(); }));
  EXPECT_FALSE(b.agent().leading());
  // The leader stops (releasing the Lease); b takes over and does not report again.
  a.reset();
  ASSERT_TRUE(eventually([&] { return b.agent().leading() && b.agent().ready(); }));
  testing::CrashedContainer again;
  again.container_id = "containerd://bbb";
  again.restart_count = 2;
  api.put_pod(testing::crashed_pod("shop", "api-1", "uid-1", again));
  ASSERT_TRUE(eventually([&] { return api.patches == 1; }));
  b.stop();
  EXPECT_EQ(api.creates, 1);
}

// Each log fetch takes 150 ms of real time, so terminations pile up in the queue behind one
// worker while the shutdown's wall-clock drain limit runs out.
class SlowLogApi : public testing::FakeAgentApi {
 public:
  Expected<kube::PodLog> read_log(const std::string& namespace_name, const std::string& pod,
                                  const kube::LogOptions& options) override {
    ++fetches;
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    return FakeAgentApi::read_log(namespace_name, pod, options);
  }
  std::atomic<int> fetches{0};
};

void put_crashed_pods(testing::FakeAgentApi& api, int count) {
  for (int i = 0; i < count; ++i) {
    testing::CrashedContainer crashed;
    crashed.container_id = "containerd://c" + std::to_string(i);
    api.put_pod(testing::crashed_pod("shop", "api-" + std::to_string(i), "uid-" + std::to_string(i),
                                     crashed));
  }
}

// Real time: the drain limit on shutdown is wall time by design (the kubelet's grace period runs
// on it, see Agent::stop_leading), so the fetches must outlast it in real time.
TEST(Agent, ShutdownLeavesWhatItCannotReportInTimeToTheNextLeader) {
  SlowLogApi api;
  put_crashed_pods(api, 12);
  auto slow = options();
  slow.workers = 1;
  slow.shutdown_timeout = std::chrono::milliseconds(100);
  RunningAgent running(slow, api, kube::system_clock());
  ASSERT_TRUE(eventually([&] { return api.fetches >= 1; }));
  running.stop();
  double dropped = running.agent().metrics().terminations_dropped.value({"shutdown"});
  // What was not reported is counted, not lost silently; the next leader's list finds it.
  EXPECT_GE(dropped, 6);
  EXPECT_EQ(api.creates + static_cast<int>(dropped), 12);
  EXPECT_NE(running.log().find("shutdown timeout"), std::string::npos);
}

// Holds every log fetch until the test opens the gate, so terminations pile up in the queue
// behind one worker.
class GatedLogApi : public testing::FakeAgentApi {
 public:
  Expected<kube::PodLog> read_log(const std::string& namespace_name, const std::string& pod,
                                  const kube::LogOptions& options) override {
    ++fetches;
    {
      std::unique_lock lock(gate_mutex_);
      gate_changed_.wait(lock, [&] { return open_; });
    }
    return FakeAgentApi::read_log(namespace_name, pod, options);
  }
  void open() {
    {
      std::lock_guard lock(gate_mutex_);
      open_ = true;
    }
    gate_changed_.notify_all();
  }
  std::atomic<int> fetches{0};

 private:
  std::mutex gate_mutex_;
  std::condition_variable gate_changed_;
  bool open_ = false;
};

TEST(Agent, LosingTheLeaseStopsWritingAtOnce) {
  testing_support::FakeClock clock(testing_support::FakeClock::Sleeps::kFreeze);
  GatedLogApi api;
  put_crashed_pods(api, 12);
  auto lease = std::make_shared<testing::SharedLease>();
  testing::FakeLeaseStore store(lease);
  auto elected = options();
  elected.workers = 1;
  elected.leader_elect = true;
  // The drain on losing the Lease is bounded by the renew deadline in wall time: 10 s leaves
  // the test all the time it needs to open the gate.
  elected.election = {"a", std::chrono::seconds(15), std::chrono::seconds(10),
                      std::chrono::seconds(2), true};
  RunningAgent running(elected, api, clock, &store);
  // Declared after `running`, so it opens the gate before the agent is stopped and joined.
  struct OpenOnExit {
    GatedLogApi& api;
    ~OpenOnExit() { api.open(); }
  } open_on_exit{api};
  ASSERT_TRUE(eventually([&] { return api.fetches >= 1; }));
  // Renewals fail from now on: once the test moves time past the renew deadline, the replica
  // steps down.
  lease->failing = true;
  ASSERT_TRUE(eventually([&] {
    clock.advance(std::chrono::seconds(1));
    return !running.agent().leading();
  }));
  int creates_when_lost = api.creates;
  api.open();
  EXPECT_TRUE(eventually([&] {
    return running.agent().metrics().terminations_dropped.value({"lost-leadership"}) >= 6;
  }));
  running.stop();
  // Nothing was written after the Lease was lost, beyond a write already in flight.
  EXPECT_LE(api.creates, creates_when_lost + 1);
  EXPECT_EQ(running.agent().metrics().leader.value({}), 0);
}

}  // namespace
}  // namespace kexit::agent
