#include "kube/list_watcher.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <thread>

#include "kube/api_paths.h"
#include "testing/kubesim_fixture.h"

namespace kexit::kube {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Runs a ListWatcher on its own thread and records what it reports. The test drives the
// server and waits on conditions (never on time); on_error can hold the watcher between
// reconnects so the test changes the cluster while nobody watches.
class WatchRecorder {
 public:
  WatchRecorder(ApiClient& client, ListWatchOptions options) : watcher_(client, options) {}
  ~WatchRecorder() { stop(); }

  void start() {
    thread_ = std::thread([this] {
      ListWatcher::Handler handler;
      handler.on_event = [this](const WatchEvent& event) {
        std::lock_guard<std::mutex> lock(mutex_);
        std::string name = event.object["metadata"].value("name", "");
        log_.push_back(std::string(to_string(event.type)) + " " + name);
        versions_.push_back(resource_version_of(event.object));
        changed_.notify_all();
      };
      handler.on_bookmark = [this](const std::string& version) {
        std::lock_guard<std::mutex> lock(mutex_);
        bookmarks_.push_back(version);
        changed_.notify_all();
      };
      handler.on_synced = [this](const std::string&) {
        std::lock_guard<std::mutex> lock(mutex_);
        ++synced_;
        changed_.notify_all();
      };
      handler.on_error = [this](const Error& error) {
        std::unique_lock<std::mutex> lock(mutex_);
        errors_.push_back(error.message);
        changed_.notify_all();
        changed_.wait_for(lock, seconds(20), [this] { return !hold_ || stopping_; });
      };
      result_ = watcher_.run(handler);
    });
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      changed_.notify_all();
    }
    watcher_.stop();
    if (thread_.joinable()) {
      thread_.join();
    }
  }

  // Waits (bounded) until `condition` holds on the recorder's state; re-checks every few
  // milliseconds for state that changes without a notification (watcher counters).
  template <typename Condition>
  bool wait(Condition condition) {
    std::unique_lock<std::mutex> lock(mutex_);
    auto deadline = std::chrono::steady_clock::now() + seconds(20);
    while (!condition(*this)) {
      if (std::chrono::steady_clock::now() > deadline) {
        return false;
      }
      changed_.wait_for(lock, milliseconds(5));
    }
    return true;
  }

  void hold_on_error(bool hold) {
    std::lock_guard<std::mutex> lock(mutex_);
    hold_ = hold;
    changed_.notify_all();
  }

  std::vector<std::string> log() {
    std::lock_guard<std::mutex> lock(mutex_);
    return log_;
  }

  ListWatcher& watcher() { return watcher_; }

  std::vector<std::string> log_;
  std::vector<std::string> versions_;
  std::vector<std::string> errors_;
  std::vector<std::string> bookmarks_;
  int synced_ = 0;

 private:
  ListWatcher watcher_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool hold_ = false;
  bool stopping_ = false;
  Status result_ = ok_status();
};

class ListWatcherTest : public KubesimFixture {
 protected:
  ListWatchOptions options(const std::string& namespace_name = "watched") {
    ListWatchOptions watch;
    watch.path = pods_path(namespace_name);
    watch.min_watch_timeout = seconds(300);
    watch.max_watch_timeout = seconds(301);
    watch.seed = 3;
    return watch;
  }

  void put_running(const std::string& name, const std::string& namespace_name = "watched") {
    put(pod(namespace_name, name, {{"app", "x"}}, nullptr, Slot::kRunning));
  }
  void put_crashed(const std::string& name) {
    put(pod("watched", name, {{"app", "x"}}, nullptr, Slot::kLast));
  }
  std::string store_version() { return std::to_string(cluster_.store().resource_version()); }
};

TEST_F(ListWatcherTest, ResumesAfterADropWithoutMissingOrRepeatingEvents) {
  for (const char* name : {"p0", "p1", "p2"}) {
    put_running(name);
  }
  auto client = admin_client();
  WatchRecorder recorder(*client, options());
  recorder.start();
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.synced_ == 1; }));
  ASSERT_TRUE(server_->watches().wait_for_open_watches(1, seconds(20)));
  put_crashed("p0");
  put_running("p3");
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.log_.size() == 5; }));

  // Cut the connection; while the watcher is away, the cluster changes.
  recorder.hold_on_error(true);
  cluster_.faults().drop_watches();
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.errors_.size() == 1; }));
  put_crashed("p1");
  ASSERT_TRUE(cluster_.erase(*kubesim::find_resource("", "v1", "pods"), "watched", "p2"));
  recorder.hold_on_error(false);
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.log_.size() == 7; }));

  EXPECT_EQ(recorder.log(),
            (std::vector<std::string>{"ADDED p0", "ADDED p1", "ADDED p2", "MODIFIED p0", "ADDED p3",
                                      "MODIFIED p1", "DELETED p2"}));
  EXPECT_EQ(recorder.watcher().lists(), 1u);
  EXPECT_EQ(recorder.watcher().watches(), 2u);
  recorder.stop();
}

TEST_F(ListWatcherTest, FollowsBookmarksPastCompactedHistory) {
  put_running("p0");
  auto client = admin_client();
  WatchRecorder recorder(*client, options());
  recorder.start();
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.synced_ == 1; }));
  ASSERT_TRUE(server_->watches().wait_for_open_watches(1, seconds(20)));
  // Changes elsewhere move the resourceVersion without events for this watch.
  for (int i = 0; i < 5; ++i) {
    put_running("elsewhere-" + std::to_string(i), "other");
  }
  std::string version = store_version();
  // The stream's bookmark carries the version it has read up to, which may lag the store for
  // a moment: ask again until the watcher holds the newest.
  ASSERT_TRUE(recorder.wait([&](WatchRecorder& r) {
    if (!r.bookmarks_.empty() && r.bookmarks_.back() == version) {
      return true;
    }
    server_->watches().request_bookmarks();
    return false;
  }));
  EXPECT_EQ(recorder.watcher().resource_version(), version);
  // History up to the bookmark is gone: a resume from the list's version would get 410, a
  // resume from the bookmark does not.
  cluster_.store().compact();
  recorder.hold_on_error(true);
  cluster_.faults().drop_watches();
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.errors_.size() == 1; }));
  put_crashed("p0");
  recorder.hold_on_error(false);
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.log_.size() == 2; }));
  EXPECT_EQ(recorder.log(), (std::vector<std::string>{"ADDED p0", "MODIFIED p0"}));
  EXPECT_EQ(recorder.watcher().lists(), 1u);
  recorder.stop();
}

TEST_F(ListWatcherTest, RelistsAfter410AndReportsOnlyTheDifferences) {
  for (const char* name : {"p0", "p1", "p2"}) {
    put_running(name);
  }
  auto client = admin_client();
  WatchRecorder recorder(*client, options());
  recorder.start();
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.synced_ == 1; }));
  ASSERT_TRUE(server_->watches().wait_for_open_watches(1, seconds(20)));
  put_running("p3");
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.log_.size() == 4; }));

  recorder.hold_on_error(true);
  cluster_.faults().drop_watches();
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.errors_.size() == 1; }));
  put_crashed("p0");
  ASSERT_TRUE(cluster_.erase(*kubesim::find_resource("", "v1", "pods"), "watched", "p1"));
  put_running("p9");
  cluster_.store().compact();  // the changes above are no longer in the history
  recorder.hold_on_error(false);
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.synced_ == 2 && r.log_.size() == 7; }));

  EXPECT_EQ(recorder.log(),
            (std::vector<std::string>{"ADDED p0", "ADDED p1", "ADDED p2", "ADDED p3", "MODIFIED p0",
                                      "ADDED p9", "DELETED p1"}));
  EXPECT_EQ(recorder.watcher().lists(), 2u);

  // And it carries on watching from the new list.
  ASSERT_TRUE(server_->watches().wait_for_open_watches(1, seconds(20)));
  put_crashed("p2");
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.log_.size() == 8; }));
  EXPECT_EQ(recorder.log().back(), "MODIFIED p2");
  recorder.stop();
}

TEST_F(ListWatcherTest, ReconnectsWhenTheServerClosesIdleWatches) {
  put_running("p0");
  auto client = admin_client();
  WatchRecorder recorder(*client, options());
  cluster_.faults().set_idle_watch_timeout(milliseconds(20));
  recorder.start();
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.synced_ == 1; }));
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.watcher().watches() >= 3; }));
  put_crashed("p0");
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.log_.size() == 2; }));
  cluster_.faults().set_idle_watch_timeout(std::nullopt);
  EXPECT_EQ(recorder.log(), (std::vector<std::string>{"ADDED p0", "MODIFIED p0"}));
  EXPECT_EQ(recorder.watcher().lists(), 1u);
  EXPECT_TRUE(recorder.errors_.empty());
  recorder.stop();
}

TEST_F(ListWatcherTest, StopsPromptlyWhileIdle) {
  auto client = admin_client();
  WatchRecorder recorder(*client, options());
  recorder.start();
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.synced_ == 1; }));
  ASSERT_TRUE(server_->watches().wait_for_open_watches(1, seconds(20)));
  recorder.stop();  // would hang for the 300 s watch timeout if stop() did not abort the read
  EXPECT_TRUE(recorder.log().empty());
}

TEST_F(ListWatcherTest, StopsPromptlyWhileListingAgainstAFailingServer) {
  cluster_.faults().add({"list", "pods", "", "", 503, 0, "", milliseconds(0), -1});
  auto client = admin_client();
  WatchRecorder recorder(*client, options());
  recorder.start();
  ASSERT_TRUE(recorder.wait([](WatchRecorder& r) { return r.errors_.size() >= 1; }));
  recorder.stop();  // returns although the list keeps failing and backing off
  EXPECT_EQ(recorder.errors_.front().rfind("the API server at", 0), 0u);
  EXPECT_EQ(recorder.synced_, 0);
}

TEST_F(ListWatcherTest, ReportsForbiddenAndGivesUpWhenTold) {
  std::string token = server_->add_token({"nobody", {}});
  auto client = client_from(server_->kubeconfig(token));
  ListWatchOptions watch = options();
  watch.max_consecutive_failures = 2;
  ListWatcher watcher(*client, watch);
  std::vector<std::string> errors;
  ListWatcher::Handler handler;
  handler.on_error = [&](const Error& error) { errors.push_back(error.message); };
  Status result = watcher.run(handler);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            "forbidden: cannot list pods in namespace \"watched\"; the RBAC role needs verb "
            "\"list\" on resource \"pods\"; the request was made as User \"nobody\"");
  EXPECT_EQ(errors.size(), 2u);
}

}  // namespace
}  // namespace kexit::kube
