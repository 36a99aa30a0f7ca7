#include "agent/pod_watcher.h"

#include <gtest/gtest.h>

#include <sstream>
#include <thread>

#include "fake_agent_api.h"
#include "kube/api_time.h"
#include "pod_json.h"
#include "testing/eventually.h"
#include "testing/fake_clock.h"

namespace kexit::agent {
namespace {

class PodWatcherTest : public ::testing::Test {
 protected:
  PodWatcherTest()
      : clock_(*kube::parse_api_time("2024-01-01T00:11:00Z")),
        metrics_(registry_),
        log_(log_text_, clock_) {}

  std::unique_ptr<PodWatcher> watcher(WatcherOptions options = {}) {
    return std::make_unique<PodWatcher>(api_, PodScope{}, options, clock_, metrics_, log_,
                                        [this](TerminationWork&& work) {
                                          std::lock_guard lock(mutex_);
                                          queued_.push_back(std::move(work));
                                        });
  }
  std::size_t queued() {
    std::lock_guard lock(mutex_);
    return queued_.size();
  }
  bool wait_for_queued(std::size_t count) {
    return testing_support::eventually([&] { return queued() >= count; });
  }

  testing::FakeClock clock_;
  testing::FakeAgentApi api_;
  MetricsRegistry registry_;
  AgentMetrics metrics_;
  std::ostringstream log_text_;
  JsonLogger log_;
  std::mutex mutex_;
  std::vector<TerminationWork> queued_;
};

TEST_F(PodWatcherTest, QueuesTheTerminatedContainerOnce) {
  auto pods = watcher();
  pods->handle(PodEventType::kAdded, testing::crashed_pod("shop", "api-1", "uid-1"));
  ASSERT_EQ(queued(), 1u);
  EXPECT_EQ(queued_[0].termination_id, "containerd://aaa");
  EXPECT_EQ(queued_[0].pod.name, "api-1");
  ASSERT_TRUE(queued_[0].has_container());
  EXPECT_EQ(queued_[0].container().termination.exit_code, 101);
  pods->handle(PodEventType::kModified, testing::crashed_pod("shop", "api-1", "uid-1"));
  EXPECT_EQ(queued(), 1u);
}

TEST_F(PodWatcherTest, BadPodsAreCountedAndSkipped) {
  auto pods = watcher();
  pods->handle(PodEventType::kAdded, nlohmann::json::array());
  EXPECT_EQ(metrics_.pod_errors.value(), 1);
  EXPECT_NE(log_text_.str().find("cannot read pod"), std::string::npos);
}

TEST_F(PodWatcherTest, ExcludedNamespacesAreIgnored) {
  WatcherOptions options;
  options.excluded_namespaces = {"kube-system"};
  auto pods = watcher(options);
  pods->handle(PodEventType::kAdded, testing::crashed_pod("kube-system", "dns", "uid-9"));
  EXPECT_EQ(queued(), 0u);
}

TEST_F(PodWatcherTest, ReportedTerminationsAreNotQueued) {
  auto pods = watcher();
  pods->mark_reported("uid-1", "app", "containerd://aaa");
  pods->handle(PodEventType::kListed, testing::crashed_pod("shop", "api-1", "uid-1"));
  EXPECT_EQ(queued(), 0u);
}

TEST_F(PodWatcherTest, ListsWatchesAndRelistsAfterExpiry) {
  api_.put_pod(testing::crashed_pod("shop", "api-1", "uid-1"));
  auto pods = watcher();
  StopSignal stop;
  std::atomic<int> listed{0};
  std::thread runner([&] { EXPECT_TRUE(pods->run(stop, [&] { ++listed; })); });
  ASSERT_TRUE(wait_for_queued(1));
  testing::CrashedContainer again;
  again.container_id = "containerd://bbb";
  again.restart_count = 2;
  api_.put_pod(testing::crashed_pod("shop", "api-1", "uid-1", again));
  ASSERT_TRUE(wait_for_queued(2));
  // Crashed again and deleted at once: the DELETED event still carries the termination.
  testing::CrashedContainer last;
  last.container_id = "containerd://ccc";
  api_.delete_pod(testing::crashed_pod("shop", "api-1", "uid-1", last));
  ASSERT_TRUE(wait_for_queued(3));
  api_.expire_watch();
  testing_support::eventually([&] { return api_.lists() >= 2; });
  EXPECT_EQ(api_.lists(), 2);
  stop.request();
  api_.cancel_watches();
  runner.join();
  EXPECT_EQ(listed.load(), 1);
  EXPECT_EQ(queued_[2].termination_id, "containerd://ccc");
  EXPECT_EQ(metrics_.watch_restarts.value(), 1);
}

TEST_F(PodWatcherTest, WatchesAgainFromTheSameVersionAfterAConnectionError) {
  api_.put_pod(testing::crashed_pod("shop", "api-1", "uid-1"));
  auto pods = watcher();
  StopSignal stop;
  std::thread runner([&] { EXPECT_TRUE(pods->run(stop, nullptr)); });
  ASSERT_TRUE(wait_for_queued(1));
  // The apiserver blips: the open watch ends and the next two cannot connect.
  api_.fail_next_watches(2);
  api_.cancel_watches();
  testing::CrashedContainer again;
  again.container_id = "containerd://bbb";
  again.restart_count = 2;
  api_.put_pod(testing::crashed_pod("shop", "api-1", "uid-1", again));
  ASSERT_TRUE(wait_for_queued(2));
  stop.request();
  api_.cancel_watches();
  runner.join();
  // No relist of every pod: the crash arrived on a watch resumed from the last version.
  EXPECT_EQ(api_.lists(), 1);
  EXPECT_EQ(queued_[1].termination_id, "containerd://bbb");
}

TEST_F(PodWatcherTest, ResumesABrokenWatchAndRelistsAfterAnErrorEvent) {
  api_.put_pod(testing::crashed_pod("shop", "api-1", "uid-1"));
  auto pods = watcher();
  StopSignal stop;
  std::thread runner([&] { EXPECT_TRUE(pods->run(stop, nullptr)); });
  ASSERT_TRUE(wait_for_queued(1));
  // The stream breaks mid-way: watched again from the last version, no relist.
  api_.end_watch(kube::WatchEnd::kInterrupted, "unexpected EOF");
  testing::CrashedContainer again;
  again.container_id = "containerd://bbb";
  again.restart_count = 2;
  api_.put_pod(testing::crashed_pod("shop", "api-1", "uid-1", again));
  ASSERT_TRUE(wait_for_queued(2));
  EXPECT_EQ(api_.lists(), 1);
  // An ERROR event other than 410: logged, and everything is listed again.
  api_.end_watch(kube::WatchEnd::kError, "etcdserver: request timed out");
  testing_support::eventually([&] { return api_.lists() >= 2; });
  stop.request();
  api_.cancel_watches();
  runner.join();
  EXPECT_EQ(api_.lists(), 2);
  EXPECT_NE(log_text_.str().find("\"error\":\"etcdserver: request timed out\""), std::string::npos)
      << log_text_.str();
}

}  // namespace
}  // namespace kexit::agent

namespace kexit::agent {
namespace {

// `kexit watch`: what the first list finds existed before the watch began; only what changes
// afterwards is handed on, and a relist (after a 410) hands on nothing it has seen.
TEST_F(PodWatcherTest, RecordOnlyHandsOnNothingTheFirstListFinds) {
  api_.put_pod(testing::crashed_pod("shop", "old-1", "uid-1"));
  WatcherOptions options;
  options.existing = ExistingTerminations::kRecordOnly;
  auto pods = watcher(options);
  StopSignal stop;
  std::atomic<int> listed{0};
  std::thread runner([&] { EXPECT_TRUE(pods->run(stop, [&] { ++listed; })); });
  ASSERT_TRUE(testing_support::eventually([&] { return listed.load() == 1; }));
  EXPECT_EQ(pods->tracked_containers(), 1u);
  testing::CrashedContainer again;
  again.container_id = "containerd://bbb";
  again.restart_count = 2;
  api_.put_pod(testing::crashed_pod("shop", "old-1", "uid-1", again));
  ASSERT_TRUE(wait_for_queued(1));
  api_.expire_watch();
  ASSERT_TRUE(testing_support::eventually([&] { return api_.lists() >= 2; }));
  testing::CrashedContainer third;
  third.container_id = "containerd://ccc";
  third.restart_count = 3;
  api_.put_pod(testing::crashed_pod("shop", "old-1", "uid-1", third));
  ASSERT_TRUE(wait_for_queued(2));
  stop.request();
  api_.cancel_watches();
  runner.join();
  ASSERT_EQ(queued(), 2u);
  EXPECT_EQ(queued_[0].termination_id, "containerd://bbb");
  EXPECT_EQ(queued_[1].termination_id, "containerd://ccc");
}

TEST_F(PodWatcherTest, HandOnIsTheAgentsDefaultForTheFirstList) {
  auto pods = watcher();
  pods->handle(PodEventType::kListed, testing::crashed_pod("shop", "old-1", "uid-1"));
  EXPECT_EQ(queued(), 1u);
}

TEST(WatchScopes, OnePerNamespaceOrAllWithTheExcludedFilteredByTheServer) {
  auto each = watch_scopes({"shop", "batch"}, "app=api", {"kube-system"});
  ASSERT_EQ(each.size(), 2u);
  EXPECT_EQ(each[0].namespace_name, "shop");
  EXPECT_EQ(each[1].namespace_name, "batch");
  EXPECT_EQ(each[1].label_selector, "app=api");
  EXPECT_EQ(each[1].field_selector, "");
  auto all = watch_scopes({}, "", {"kube-system", "kexit"});
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].namespace_name, "");
  EXPECT_EQ(all[0].field_selector, "metadata.namespace!=kube-system,metadata.namespace!=kexit");
}

}  // namespace
}  // namespace kexit::agent

namespace kexit::agent {
namespace {

TEST_F(PodWatcherTest, AFailedFirstListEndsTheRunOnlyWhenAsked) {
  WatcherOptions options;
  options.first_list_failure = FirstListFailure::kStop;
  api_.fail_next_lists(1);
  auto pods = watcher(options);
  StopSignal stop;
  auto ran = pods->run(stop, nullptr);
  ASSERT_FALSE(ran);
  EXPECT_EQ(ran.error().to_string(), "dial tcp 10.96.0.1:443: connect: connection refused");
  EXPECT_EQ(api_.lists(), 1);
  // The agent's default: the same failure is retried and the list then succeeds.
  api_.fail_next_lists(1);
  auto agent_watcher = watcher();
  std::atomic<int> listed{0};
  std::thread runner([&] { EXPECT_TRUE(agent_watcher->run(stop, [&] { ++listed; })); });
  ASSERT_TRUE(testing_support::eventually([&] { return listed.load() == 1; }));
  stop.request();
  api_.cancel_watches();
  runner.join();
  EXPECT_EQ(api_.lists(), 3);
}

}  // namespace
}  // namespace kexit::agent
