#include "agent/event_series.h"

#include "agent/event_name.h"
#include "agent/termination_id.h"

namespace kexit::agent {

std::uint64_t EventSeriesTracker::key(const std::string& pod_key, const std::string& container,
                                      const std::string& cause) {
  return container_fingerprint(pod_key, container + '\0' + cause);
}

const std::string* EventSeriesTracker::intern(std::unordered_set<std::string>& pool,
                                              const std::string& value) {
  // Elements of an unordered_set keep their address when it rehashes.
  return &*pool.insert(value).first;
}

SeriesEntry EventSeriesTracker::to_entry(const StoredEntry& stored) {
  return {*stored.namespace_name, stored.event_name,   *stored.cause, stored.api,
          stored.count,           stored.last_observed};
}

SeriesDecision EventSeriesTracker::decide(const std::string& pod_key, const std::string& container,
                                          const std::string& pod_name, const std::string& cause,
                                          const std::string& termination_id,
                                          kube::TimePoint now) const {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(key(pod_key, container, cause));
  if (found != entries_.end() && *found->second.cause == cause &&
      now - found->second.last_observed <= quiet_window_) {
    return {SeriesDecision::Step::kUpdate, found->second.event_name, found->second.count + 1,
            found->second.api};
  }
  // The episode is named by its first termination, so whoever reports it picks the same name.
  std::string episode = pod_key + "/" + container + "/" + termination_id + "/" + cause;
  return {SeriesDecision::Step::kCreate, event_name(pod_name, episode), 1,
          kube::EventApi::kEventsV1};
}

void EventSeriesTracker::record(const std::string& pod_key, const std::string& container,
                                SeriesEntry entry) {
  std::lock_guard lock(mutex_);
  auto& slot = entries_[key(pod_key, container, entry.cause)];
  // An Event found at start-up must not replace a newer series written since.
  if (slot.event_name.empty() || slot.last_observed <= entry.last_observed) {
    slot.event_name = std::move(entry.event_name);
    slot.namespace_name = intern(namespaces_, entry.namespace_name);
    slot.cause = intern(causes_, entry.cause);
    slot.api = entry.api;
    slot.count = entry.count;
    slot.last_observed = entry.last_observed;
  }
}

void EventSeriesTracker::forget(const std::string& pod_key, const std::string& container,
                                const std::string& cause) {
  std::lock_guard lock(mutex_);
  entries_.erase(key(pod_key, container, cause));
}

std::optional<SeriesEntry> EventSeriesTracker::find(const std::string& pod_key,
                                                    const std::string& container,
                                                    const std::string& cause) const {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(key(pod_key, container, cause));
  if (found == entries_.end()) {
    return std::nullopt;
  }
  return to_entry(found->second);
}

void EventSeriesTracker::expire(kube::TimePoint now) {
  std::lock_guard lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (now - it->second.last_observed > quiet_window_) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

std::size_t EventSeriesTracker::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace kexit::agent
