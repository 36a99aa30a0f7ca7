#pragma once
// EventEmitter: writes one diagnosis as a Kubernetes Event - a fresh Event for a new episode, a
// series update for a repeat - through events.k8s.io/v1, or core/v1 where that group is
// missing, within a per-namespace rate limit. RBAC refusals are logged clearly and counted,
// never fatal.

#include <array>
#include <atomic>
#include <mutex>
#include <string>

#include "agent/agent_api.h"
#include "agent/agent_metrics.h"
#include "agent/event_builder.h"
#include "agent/event_series.h"
#include "agent/json_logger.h"
#include "agent/namespace_rate_limiter.h"
#include "diagnose/diagnosis.h"
#include "kube/clock.h"

namespace kexit::agent {

enum class EmitResult {
  kCreated,      // a new Event (a new episode)
  kUpdated,      // the episode's Event got one more occurrence in its series
  kRecreated,    // the series' Event had expired (--event-ttl): a new one was created
  kDuplicate,    // the Event exists already (another replica, or before a restart)
  kForbidden,    // RBAC does not allow writing Events
  kRateLimited,  // the namespace wrote too many Events lately
  kFailed,       // any other failure
};
const char* to_string(EmitResult result);

// How emit() treats the namespace's rate limit.
enum class Admission {
  kCheck,     // emit() takes the namespace's token itself
  kAdmitted,  // the caller took it with admit() before fetching the log
};

class EventEmitter {
 public:
  EventEmitter(AgentApi& api, EventSeriesTracker& series, NamespaceRateLimiter& limiter,
               AgentMetrics& metrics, JsonLogger& log, kube::Clock& clock,
               std::string reporting_instance);

  // Which API new Events go to; events.k8s.io/v1 unless discovery said it is missing.
  void use_api(EventApi api) { api_.store(api); }
  EventApi api() const { return api_.load(); }

  // Takes one of the namespace's write tokens. False when the namespace wrote too many Events
  // lately: the termination is not written, and that is counted (rate_limited) and logged here.
  bool admit(const std::string& namespace_name, const std::string& pod);

  // Writes the Event for one termination. Calls for the same container are serialised, so a
  // series is never updated by two workers at once.
  EmitResult emit(const diagnose::ContainerDiagnosis& diagnosis, const EventReason& reason,
                  const std::string& pod_key, const std::string& termination_id,
                  Admission admission = Admission::kCheck);

 private:
  EmitResult create(const diagnose::ContainerDiagnosis& diagnosis, const EventReason& reason,
                    const std::string& pod_key, const std::string& termination_id,
                    const std::string& name, kube::TimePoint now, EmitResult success);
  EmitResult refused(const ApiReply& reply, const char* verb,
                     const diagnose::ContainerDiagnosis& diagnosis);
  EmitResult count(EmitResult result);

  AgentApi& api_client_;
  EventSeriesTracker& series_;
  NamespaceRateLimiter& limiter_;
  AgentMetrics& metrics_;
  JsonLogger& log_;
  kube::Clock& clock_;
  std::string reporting_instance_;
  std::atomic<EventApi> api_{EventApi::kEventsV1};
  std::atomic<bool> forbidden_reported_{false};
  // Striped by container, so different containers are written in parallel.
  std::array<std::mutex, 64> stripes_;
};

}  // namespace kexit::agent
