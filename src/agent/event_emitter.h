#pragma once
// EventEmitter: writes one diagnosis as a Kubernetes Event - a fresh Event for a new episode, a
// series update for a repeat - through events.k8s.io/v1, or core/v1 where that group is
// missing, within a per-namespace rate limit, sending a write again after transient failures.
// RBAC refusals are logged clearly and counted, never fatal.

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "agent/agent_api.h"
#include "agent/agent_metrics.h"
#include "agent/event_builder.h"
#include "agent/event_series.h"
#include "agent/json_logger.h"
#include "agent/namespace_rate_limiter.h"
#include "agent/reported_events.h"
#include "agent/stop_signal.h"
#include "diagnose/diagnosis.h"
#include "kube/clock.h"
#include "kube/retry_policy.h"
#include "report/termination_correlation.h"

namespace kexit::agent {

enum class EmitResult {
  kCreated,      // a new Event (a new episode)
  kUpdated,      // the episode's Event got one more occurrence in its series
  kRecreated,    // the series' Event had expired (--event-ttl): a new one was created
  kDuplicate,    // the Event exists already (another replica, or before a restart)
  kForbidden,    // RBAC does not allow writing Events
  kRateLimited,  // the namespace wrote too many Events lately
  kFailed,       // any other failure, or transient failures past the retries
};
const char* to_string(EmitResult result);

struct EmitterOptions {
  // How a write that failed transiently (no answer, 429, 5xx) is sent again. The transport
  // resends only what cannot have been applied; this covers the rest, which is safe because
  // Event writes are idempotent: the name is fixed by the episode (a second create gets 409)
  // and a series patch sets absolute values.
  kube::RetryPolicy retry{4, std::chrono::milliseconds(1000), std::chrono::milliseconds(8000), 0.5};
  // No attempt starts later than this after the first one, so an API outage holds a worker
  // (and the container's stripe) for a bounded time.
  std::chrono::milliseconds retry_budget{15000};
};

// The two writes the emitter makes, named as its logs name them.
enum class EventWrite { kCreate, kUpdate };
const char* to_string(EventWrite write);

// How emit() treats the namespace's rate limit.
enum class Admission {
  kCheck,     // emit() takes the namespace's token itself
  kAdmitted,  // the caller took it with admit() before fetching the log
};

class EventEmitter {
 public:
  EventEmitter(AgentApi& api, EventSeriesTracker& series, NamespaceRateLimiter& limiter,
               AgentMetrics& metrics, JsonLogger& log, kube::Clock& clock,
               std::string reporting_instance, EmitterOptions options = {});

  // Which API new Events go to; events.k8s.io/v1 unless discovery said it is missing.
  void use_api(kube::EventApi api) { api_.store(api); }
  kube::EventApi api() const { return api_.load(); }

  // Takes one of the namespace's write tokens. False when the namespace wrote too many Events
  // lately: the termination is not written, and that is counted (rate_limited) and logged here.
  bool admit(const std::string& namespace_name, const std::string& pod);

  // Writes the Event for one termination. Calls for the same container are serialised, so a
  // series is never updated by two workers at once. Once `stop` (may be null) is requested, a
  // failed write is not sent again: the agent is shutting down or another replica leads.
  EmitResult emit(const diagnose::ContainerDiagnosis& diagnosis, const EventReason& reason,
                  const std::string& pod_key, const std::string& termination_id,
                  Admission admission = Admission::kCheck, const StopSignal* stop = nullptr);

  // Writes the Event on a Node for terminations correlated there (node_event.h), once: it is
  // one Warning per group, in addition to each pod's own, so a failure is logged, not sent
  // again, and not counted with the terminations' Events. kDuplicate when another replica
  // wrote it first.
  EmitResult emit_node_event(const report::CorrelatedTerminations& group);

 private:
  struct Written {
    Expected<ApiReply> reply;
    // Sends made; > 1 when a transient failure was retried.
    int attempts = 1;
  };

  // A new Event or a series update, as the episode needs; the caller holds the stripe.
  EmitResult write(const diagnose::ContainerDiagnosis& diagnosis, const EventReason& reason,
                   const std::string& pod_key, const std::string& termination_id,
                   kube::TimePoint now, const StopSignal* stop);
  EmitResult create(const diagnose::ContainerDiagnosis& diagnosis, const EventReason& reason,
                    const std::string& pod_key, const std::string& termination_id,
                    const std::string& name, kube::TimePoint now, EmitResult success,
                    const StopSignal* stop);
  // Sends `send` until it gets an answer that would not change if sent again, the attempts or
  // the budget run out, or `stop` is requested; the last answer.
  Written send_with_retries(EventWrite write, const diagnose::ContainerDiagnosis& diagnosis,
                            const std::string& name, const StopSignal* stop,
                            const std::function<Expected<ApiReply>()>& send);
  // What the agent's Event `name` in the namespace says, as the server has it; nullopt when it
  // cannot be read (logged) or is not readable as one of ours.
  std::optional<ReportedEvent> find_event(const std::string& namespace_name,
                                          const std::string& name);
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
  EmitterOptions options_;
  std::atomic<kube::EventApi> api_{kube::EventApi::kEventsV1};
  std::atomic<bool> forbidden_reported_{false};
  // Striped by container, so different containers are written in parallel.
  std::array<std::mutex, 64> stripes_;
};

}  // namespace kexit::agent
