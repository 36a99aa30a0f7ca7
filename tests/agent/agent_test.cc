#include "agent/agent.h"

#include <gtest/gtest.h>

#include <atomic>
#include <sstream>
#include <thread>

#include "fake_agent_api.h"
#include "fake_lease_store.h"
#include "kube/clock.h"
#include "pod_json.h"

namespace kexit::agent {
namespace {

// The agent with real threads and the real clock, against the in-memory API; waits are bounded
// polls on state, never fixed sleeps.
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

template <typename Predicate>
bool eventually(Predicate predicate) {
  for (int i = 0; i < 30000; ++i) {
    if (predicate()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return predicate();
}

class RunningAgent {
 public:
  RunningAgent(AgentOptions agent_options, AgentApi& api, LeaseStore* lease = nullptr)
      : log_(log_text_, kube::system_clock()),
        agent_(std::move(agent_options), api, lease, kube::system_clock(), log_) {
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

TEST(Agent, ReportsEachTerminationOnceAcrossRestarts) {
  testing::FakeAgentApi api;
  api.put_pod(testing::crashed_pod("shop", "api-1", "uid-1"));
  {
    RunningAgent running(options(), api);
    ASSERT_TRUE(eventually([&] { return api.creates == 1; }));
    ASSERT_TRUE(eventually([&] { return running.agent().ready(); }));
    testing::CrashedContainer again;
    again.container_id = "containerd://bbb";
    again.restart_count = 2;
    api.put_pod(testing::crashed_pod("shop", "api-1", "uid-1", again));
    ASSERT_TRUE(eventually([&] { return api.patches == 1; }));
  }
  // A restarted agent finds its Event and neither re-alerts nor starts a new Event.
  RunningAgent restarted(options(), api);
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
  testing::FakeAgentApi api;
  api.create_status = 403;
  api.put_pod(testing::crashed_pod("shop", "api-1", "uid-1"));
  RunningAgent running(options(), api);
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

TEST(Agent, OnlyTheLeaderReportsAndAFollowerTakesOver) {
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
  auto a = std::make_unique<RunningAgent>(elected("a"), api, &store_a);
  ASSERT_TRUE(eventually([&] { return a->agent().leading() && api.creates == 1; }));
  RunningAgent b(elected("b"), api, &store_b);
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

// Each log fetch takes a while, so terminations pile up in the queue behind one worker.
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

TEST(Agent, ShutdownLeavesWhatItCannotReportInTimeToTheNextLeader) {
  SlowLogApi api;
  put_crashed_pods(api, 12);
  auto slow = options();
  slow.workers = 1;
  slow.shutdown_timeout = std::chrono::milliseconds(100);
  RunningAgent running(slow, api);
  ASSERT_TRUE(eventually([&] { return api.fetches >= 1; }));
  running.stop();
  double dropped = running.agent().metrics().terminations_dropped.value({"shutdown"});
  // What was not reported is counted, not lost silently; the next leader's list finds it.
  EXPECT_GE(dropped, 6);
  EXPECT_EQ(api.creates + static_cast<int>(dropped), 12);
  EXPECT_NE(running.log().find("shutdown timeout"), std::string::npos);
}

TEST(Agent, LosingTheLeaseStopsWritingAtOnce) {
  SlowLogApi api;
  put_crashed_pods(api, 12);
  auto lease = std::make_shared<testing::SharedLease>();
  testing::FakeLeaseStore store(lease);
  auto elected = options();
  elected.workers = 1;
  elected.leader_elect = true;
  elected.election = {"a", std::chrono::milliseconds(600), std::chrono::milliseconds(400),
                      std::chrono::milliseconds(100), true};
  RunningAgent running(elected, api, &store);
  ASSERT_TRUE(eventually([&] { return api.fetches >= 1; }));
  // Renewals fail from now on: past the renew deadline the replica steps down.
  lease->failing = true;
  ASSERT_TRUE(eventually([&] { return !running.agent().leading(); }));
  int creates_when_lost = api.creates;
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
