#pragma once
// EventSeriesTracker: the episode logic. The same container failing again with the same cause
// updates one Event's series; a new cause, or the same cause after a quiet window, opens a new
// episode with a fresh Event, because exporters forward new Events only. Series are kept per
// (container, cause): a container alternating between two causes within the window has two
// Events, each updated, never a third.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "agent/event_builder.h"
#include "kube/clock.h"

namespace kexit::agent {

struct SeriesEntry {
  std::string namespace_name;
  std::string event_name;
  std::string cause;
  kube::EventApi api = kube::EventApi::kEventsV1;
  // Occurrences in the episode, 1 for a fresh Event.
  int count = 1;
  kube::TimePoint last_observed;
};

struct SeriesDecision {
  enum class Step { kCreate, kUpdate };
  Step step = Step::kCreate;
  std::string event_name;
  // The occurrence this termination is: 1 for a fresh Event, >= 2 for an update.
  int count = 1;
  kube::EventApi api = kube::EventApi::kEventsV1;
};

class EventSeriesTracker {
 public:
  explicit EventSeriesTracker(std::chrono::seconds quiet_window) : quiet_window_(quiet_window) {}

  // What to write for a new termination of `container` diagnosed as `cause`.
  SeriesDecision decide(const std::string& pod_key, const std::string& container,
                        const std::string& pod_name, const std::string& cause,
                        const std::string& termination_id, kube::TimePoint now) const;

  // After the API accepted the write (or from an Event found at start-up); the series of
  // `entry.cause`.
  void record(const std::string& pod_key, const std::string& container, SeriesEntry entry);
  void forget(const std::string& pod_key, const std::string& container, const std::string& cause);
  std::optional<SeriesEntry> find(const std::string& pod_key, const std::string& container,
                                  const std::string& cause) const;

  // Drops series quiet for longer than the window: their next termination opens a new episode
  // anyway, so memory holds only recently failing containers.
  void expire(kube::TimePoint now);
  std::size_t size() const;

 private:
  // Every container that failed within the quiet window has an entry per cause, about one per
  // container at 100k pods: kept small. The key is a 64-bit fingerprint of pod, container and
  // cause; namespace and cause point into sets of the (few) distinct values.
  struct StoredEntry {
    std::string event_name;
    const std::string* namespace_name = nullptr;
    const std::string* cause = nullptr;
    kube::EventApi api = kube::EventApi::kEventsV1;
    int count = 1;
    kube::TimePoint last_observed;
  };

  static std::uint64_t key(const std::string& pod_key, const std::string& container,
                           const std::string& cause);
  static const std::string* intern(std::unordered_set<std::string>& pool, const std::string& value);
  static SeriesEntry to_entry(const StoredEntry& stored);

  std::chrono::seconds quiet_window_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, StoredEntry> entries_;
  // Never shrunk: namespaces and cause slugs are bounded, and entries point into them.
  std::unordered_set<std::string> namespaces_;
  std::unordered_set<std::string> causes_;
};

}  // namespace kexit::agent
