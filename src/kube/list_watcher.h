#pragma once
// ListWatcher: keeps a consumer up to date with a collection (pods) for as long as it runs —
// list, then watch from the list's resourceVersion; resume after drops and server-side
// closes from the last version seen (bookmarks included), list again when the version
// expires (410), and back off on errors. The consumer sees every change once.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <string>

#include "base/expected.h"
#include "kube/api_client.h"
#include "kube/http_transport.h"
#include "kube/retry_policy.h"
#include "kube/watch_event.h"

namespace kexit::kube {

struct ListWatchOptions {
  // A collection: "/api/v1/pods" (all namespaces) or "/api/v1/namespaces/x/pods".
  std::string path;
  std::string label_selector;
  std::string field_selector;
  int page_size = 500;
  // Each watch asks the server to end it after a random time in [min, max), as client-go
  // does, so that many watchers do not reconnect at once.
  std::chrono::seconds min_watch_timeout{300};
  std::chrono::seconds max_watch_timeout{600};
  // Waits after failures (client-go: 800 ms doubling to 30 s).
  RetryPolicy backoff{0, std::chrono::milliseconds(800), std::chrono::milliseconds(30000), 0.5,
                      std::chrono::seconds(60)};
  // Give up and return the error after this many failures in a row; 0 never gives up.
  int max_consecutive_failures = 0;
  std::uint64_t seed = 0;
};

class ListWatcher {
 public:
  struct Handler {
    // Every change in order. After a relist the watcher reports only the differences from
    // what the consumer has seen: ADDED and MODIFIED for new and changed objects, DELETED
    // (with just the object's metadata) for those gone meanwhile; unchanged ones not at all.
    std::function<void(const WatchEvent&)> on_event;
    // A bookmark arrived: the watch is alive and caught up to this resourceVersion.
    std::function<void(const std::string& resource_version)> on_bookmark;
    // After each complete list: the consumer's view is whole as of this resourceVersion.
    std::function<void(const std::string& resource_version)> on_synced;
    // A failure the watcher recovers from by itself (it logs, backs off and carries on).
    std::function<void(const Error&)> on_error;
  };

  ListWatcher(ApiClient& client, ListWatchOptions options);

  // Runs until stop() (then returns ok) or until max_consecutive_failures is reached.
  Status run(const Handler& handler);

  // From any thread: ends run() soon, aborting a watch in flight.
  void stop();

  // The last resourceVersion seen.
  std::string resource_version() const;

  // Counters, for metrics and tests.
  std::size_t lists() const { return lists_.load(); }
  std::size_t watches() const { return watches_.load(); }

 private:
  struct Known {
    std::string namespace_name;
    std::string name;
    std::string resource_version;
  };

  Status relist(const Handler& handler);
  // One watch from the last resourceVersion, each event passed to the handler.
  Expected<WatchResult> watch_once(const Handler& handler);
  void remember(const WatchEvent& event);
  bool wait(std::chrono::milliseconds delay);
  std::chrono::seconds watch_timeout();

  ApiClient& client_;
  ListWatchOptions options_;
  std::mt19937_64 random_;
  std::atomic<bool> stopping_{false};
  Cancellation cancellation_;
  mutable std::mutex version_mutex_;
  std::string resource_version_;
  // uid (or namespace/name) -> what the consumer last saw of the object.
  std::map<std::string, Known> known_;
  std::atomic<std::size_t> lists_{0};
  std::atomic<std::size_t> watches_{0};
};

}  // namespace kexit::kube
