#pragma once
// EventRecorder: writes core/v1 Events as client-go's legacy recorder (tools/record) does for
// the kubelet, the scheduler and the controllers: an Event that repeats an earlier one (same
// source, involvedObject, type, reason and message: events_cache.go getEventKey) is not
// created again; the earlier one's count goes up and its lastTimestamp moves. API clients
// that POST Events are not aggregated: the apiserver does not do it, their recorder does.

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "base/expected.h"
#include "kubesim/cluster.h"

namespace kexit::kubesim {

class EventRecorder {
 public:
  explicit EventRecorder(Cluster& cluster) : cluster_(cluster) {}

  // `event` is a core/v1 Event with count 1 and its time in lastTimestamp. A repeat of a
  // stored Event updates that one; otherwise (first time, or the earlier one expired or was
  // deleted) `event` is stored as it is.
  Expected<ObjectPtr> record(nlohmann::json event);

 private:
  Cluster& cluster_;
  std::mutex mutex_;
  std::map<std::string, std::string> names_;  // aggregation key -> namespace/name
};

// The key under which client-go's EventCorrelator counts repeats.
std::string event_aggregation_key(const nlohmann::json& event);

}  // namespace kexit::kubesim
