#pragma once
// Agent: `kexit agent` put together - health and metrics endpoints, knowledge reloads, leader
// election, and while leading: the agent's own Events read back, pods listed and watched, and
// each new termination diagnosed and reported by a small worker pool.

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "agent/agent_api.h"
#include "agent/agent_metrics.h"
#include "agent/agent_options.h"
#include "agent/bounded_queue.h"
#include "agent/event_emitter.h"
#include "agent/event_series.h"
#include "agent/health_server.h"
#include "agent/json_logger.h"
#include "agent/knowledge_reloader.h"
#include "agent/lease_store.h"
#include "agent/metrics_registry.h"
#include "agent/namespace_rate_limiter.h"
#include "agent/pod_watcher.h"
#include "agent/stop_signal.h"
#include "agent/termination_reporter.h"
#include "agent/web_server.h"
#include "agent/worker_pool.h"
#include "base/expected.h"
#include "kube/clock.h"

namespace kexit::agent {

class Agent {
 public:
  // `lease_store` may be null when leader election is off.
  Agent(AgentOptions options, AgentApi& api, LeaseStore* lease_store, kube::Clock& clock,
        JsonLogger& log);
  ~Agent();
  Agent(const Agent&) = delete;
  Agent& operator=(const Agent&) = delete;

  // Loads the knowledge (an error when it does not load) and starts the HTTP endpoints.
  // Returns the port listened on (0 when disabled).
  Expected<int> start();
  // The web page's port once start() has run (0 when disabled).
  int web_port() const { return web_port_; }
  // Runs until `stop` is requested, then finishes in-flight work and releases the Lease.
  void run(const StopSignal& stop);

  // Leading with the initial list done, or standing by as a follower.
  bool ready() const;
  bool leading() const { return leading_.load(); }
  MetricsRegistry& registry() { return registry_; }
  AgentMetrics& metrics() { return metrics_; }

 private:
  struct Session;

  // Why leading ends: a lost Lease drops queued work at once (another replica leads now); a
  // shutdown reports it for up to the shutdown timeout first.
  enum class LeadingEnd { kLostLease, kShutdown };

  void start_leading();
  void stop_leading(LeadingEnd end);
  void run_session(Session& session);
  // Counts and logs a queued termination this replica leaves unreported.
  void drop(const TerminationWork& work, const char* reason);
  void poll_knowledge();
  // kexit_diagnoses_total at 0 for every cause of the knowledge in use.
  void expose_causes();
  Status start_web();
  // The agent's own Events in its namespaces, for the web page: what it reported, as written.
  Status read_own_events(WebTerminations& terminations);

  AgentOptions options_;
  AgentApi& api_;
  LeaseStore* lease_store_;
  kube::Clock& clock_;
  JsonLogger& log_;
  MetricsRegistry registry_;
  AgentMetrics metrics_;
  KnowledgeReloader knowledge_;
  EventSeriesTracker series_;
  NamespaceRateLimiter limiter_;
  EventEmitter emitter_;
  TerminationReporter reporter_;
  std::unique_ptr<HealthServer> server_;
  std::unique_ptr<WebServer> web_;
  int web_port_ = 0;

  mutable std::mutex session_mutex_;
  std::unique_ptr<Session> session_;
  std::atomic<bool> leading_{false};
  std::atomic<bool> standing_by_{false};
};

}  // namespace kexit::agent
