#include "agent/agent.h"

#include <chrono>
#include <condition_variable>

#include "agent/process_metrics.h"
#include "agent/reported_events.h"

namespace kexit::agent {

struct Agent::Session {
  explicit Session(std::size_t capacity) : queue(capacity) {}

  StopSignal stop;
  BoundedQueue<TerminationWork> queue;
  std::unique_ptr<WorkerPool<TerminationWork>> workers;
  std::vector<std::unique_ptr<PodWatcher>> watchers;
  std::thread main;
  std::atomic<std::size_t> listed{0};
  std::atomic<std::size_t> scopes{1};
  std::atomic<bool> finished{false};
  // Set when this session may no longer write: queued work is dropped, not reported.
  std::atomic<bool> discard{false};
  std::atomic<const char*> discard_reason{""};
};

Agent::Agent(AgentOptions options, AgentApi& api, LeaseStore* lease_store, kube::Clock& clock,
             JsonLogger& log)
    : options_(std::move(options)),
      api_(api),
      lease_store_(lease_store),
      clock_(clock),
      log_(log),
      metrics_(registry_),
      knowledge_(options_.knowledge_directories),
      series_(options_.quiet_window),
      limiter_(options_.event_rate_limit, clock),
      emitter_(api, series_, limiter_, metrics_, log, clock, options_.pod_name),
      reporter_(api, knowledge_, emitter_, metrics_, log, clock,
                {options_.max_log_bytes, options_.annotate_pods, options_.event_log_tail}) {
  registry_.add_collector(render_process_metrics);
}

Agent::~Agent() {
  stop_leading(LeadingEnd::kShutdown);
  if (web_) {
    web_->stop();
  }
  if (server_) {
    server_->stop();
  }
}

Expected<int> Agent::start() {
  std::vector<Error> errors;
  auto loaded = knowledge_.load(errors);
  for (const auto& error : errors) {
    log_.error(loaded.ok() ? "extra knowledge does not load; diagnosing with the built-in "
                             "knowledge until it is fixed"
                           : "knowledge error",
               {{"error", error.to_string()}});
  }
  if (!loaded.ok()) {
    return loaded.error();
  }
  if (!errors.empty()) {
    metrics_.knowledge_reloads.add({"failed"});
  }
  expose_causes();
  KEXIT_CHECK(start_web());
  if (options_.listen_port < 0) {
    return 0;
  }
  server_ = std::make_unique<HealthServer>([this] { return registry_.render(); },
                                           [this] { return ready(); });
  return server_->start(options_.listen_host, options_.listen_port);
}

Status Agent::start_web() {
  if (options_.web_port < 0) {
    return ok_status();
  }
  web_ = std::make_unique<WebServer>(
      [this](WebTerminations& terminations) { return read_own_events(terminations); });
  KEXIT_ASSIGN(port, web_->start(options_.web_host, options_.web_port));
  web_port_ = port;
  return ok_status();
}

Status Agent::read_own_events(WebTerminations& terminations) {
  // Read from the API on each request rather than kept here: the Events are the record of what
  // was reported, by this replica or the one that led before it.
  const std::vector<std::string> all_namespaces{""};
  for (const auto& namespace_name :
       options_.namespaces.empty() ? all_namespaces : options_.namespaces) {
    KEXIT_CHECK(api_.list_events(namespace_name, kEventLabelSelector,
                                 [&](nlohmann::json&& event) { terminations.add(event); }));
  }
  return ok_status();
}

bool Agent::ready() const {
  if (leading_.load()) {
    std::lock_guard lock(session_mutex_);
    return session_ && session_->listed.load() >= session_->scopes.load();
  }
  return standing_by_.load();
}

void Agent::expose_causes() {
  std::vector<std::string> slugs;
  for (const auto& cause : knowledge_.engine()->knowledge().set().causes) {
    slugs.push_back(cause.slug);
  }
  metrics_.expose_causes(slugs);
}

void Agent::poll_knowledge() {
  auto outcome = knowledge_.poll();
  if (outcome.kind == ReloadOutcome::Kind::kReloaded) {
    metrics_.knowledge_reloads.add({"loaded"});
    expose_causes();
    log_.info("knowledge reloaded");
  } else if (outcome.kind == ReloadOutcome::Kind::kFailed) {
    metrics_.knowledge_reloads.add({"failed"});
    for (const auto& error : outcome.errors) {
      log_.error("knowledge reload failed; the last good knowledge stays in use",
                 {{"error", error.to_string()}});
    }
  }
}

void Agent::start_leading() {
  std::lock_guard lock(session_mutex_);
  if (session_) {
    return;
  }
  log_.info("started leading", {{"identity", options_.pod_name}});
  session_ = std::make_unique<Session>(options_.queue_capacity);
  Session& session = *session_;
  session.workers = std::make_unique<WorkerPool<TerminationWork>>(
      session.queue, options_.workers, [this, &session](TerminationWork& work) {
        metrics_.queue_depth.set({}, static_cast<double>(session.queue.size()));
        if (session.discard.load()) {
          drop(work, session.discard_reason.load());
          return;
        }
        reporter_.report(work, &session.stop);
      });
  leading_.store(true);
  metrics_.leader.set({}, 1);
  session.main = std::thread([this, &session] {
    run_session(session);
    session.finished.store(true);
  });
}

void Agent::drop(const TerminationWork& work, const char* reason) {
  metrics_.terminations_dropped.add({reason});
  // Logged with its id, as each diagnosed termination is, so every termination can be
  // accounted for: reported, refused, or left here to the next leader's initial list.
  const std::string container = work.has_container() ? work.container().name : std::string();
  log_.warning("termination dropped; the next leader reports it",
               {{"namespace", work.pod.namespace_name},
                {"pod", work.pod.name},
                {"container", container},
                {"termination_id", work.termination_id},
                {"reason", reason}});
}

void Agent::run_session(Session& session) {
  auto events_v1 = api_.has_events_v1();
  if (events_v1.ok() && !*events_v1) {
    log_.info("events.k8s.io/v1 is not served; writing core/v1 Events");
    emitter_.use_api(kube::EventApi::kCoreV1);
  }

  auto scopes =
      watch_scopes(options_.namespaces, options_.label_selector, options_.exclude_namespaces);
  WatcherOptions watcher_options;
  watcher_options.detector = {options_.since, options_.include_exit_zero};
  watcher_options.excluded_namespaces = {options_.exclude_namespaces.begin(),
                                         options_.exclude_namespaces.end()};
  std::vector<std::unique_ptr<PodWatcher>> watchers;
  for (const auto& scope : scopes) {
    watchers.push_back(std::make_unique<PodWatcher>(
        api_, scope, watcher_options, clock_, metrics_, log_,
        [this, &session](TerminationWork&& work) {
          // Blocks while the queue is full: the watch slows down instead of memory growing.
          session.queue.push(std::move(work));
          metrics_.queue_depth.set({}, static_cast<double>(session.queue.size()));
        }));
  }
  session.scopes.store(scopes.size());
  {
    std::lock_guard lock(session_mutex_);
    session.watchers = std::move(watchers);
  }

  // What was reported before (a restart, or another replica that led) is not reported again.
  auto now = clock_.now();
  std::size_t seeded = 0;
  for (auto& watcher : session.watchers) {
    // Only the few fields read back are kept per Event, never the Events themselves.
    std::vector<ReportedEvent> reported_events;
    auto listed = api_.list_events(watcher->scope().namespace_name, kEventLabelSelector,
                                   [&](nlohmann::json&& event) {
                                     if (auto reported = read_reported_event(event)) {
                                       reported_events.push_back(std::move(*reported));
                                     }
                                   });
    if (!listed.ok()) {
      log_.warning(
          "cannot list the agent's own Events; terminations reported before this start may be "
          "reported again (grant list on events)",
          {{"namespace", watcher->scope().namespace_name}, {"error", listed.error().to_string()}});
      continue;
    }
    order_by_observation(reported_events);
    for (const auto& reported : reported_events) {
      watcher->mark_reported(reported.pod_key, reported.container, reported.termination_id);
      if (now - reported.last_observed <= options_.quiet_window) {
        series_.record(reported.pod_key, reported.container,
                       {reported.namespace_name, reported.event_name, reported.cause,
                        emitter_.api(), reported.count, reported.last_observed});
      }
      ++seeded;
    }
  }
  log_.info("read the agent's existing Events", {{"events", seeded}});

  std::vector<std::thread> threads;
  for (auto& watcher : session.watchers) {
    threads.emplace_back([&session, &watcher] {
      // The agent retries every list (FirstListFailure::kRetry): run() ends only on stop.
      static_cast<void>(watcher->run(session.stop, [&session] { ++session.listed; }));
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
}

void Agent::stop_leading(LeadingEnd end) {
  std::unique_ptr<Session> session;
  {
    std::lock_guard lock(session_mutex_);
    session = std::move(session_);
    leading_.store(false);
  }
  if (!session) {
    return;
  }
  if (end == LeadingEnd::kLostLease) {
    // Another replica may lead already: writing now would race its series updates.
    session->discard_reason.store("lost-leadership");
    session->discard.store(true);
    metrics_.leader.set({}, 0);
  }
  session->stop.request();
  // A watch may start just after a cancel: keep cancelling until the watchers are gone.
  while (!session->finished.load()) {
    api_.cancel_watches();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  session->main.join();
  // Finishes in-flight and queued terminations before the Lease is released, for a bounded
  // time: the pod's grace period ends in SIGKILL, and with leader election the Lease (last
  // renewed at most a retry period ago) must outlast the writes.
  auto drain_limit = options_.shutdown_timeout;
  if (options_.leader_elect && lease_store_ != nullptr) {
    drain_limit = std::min(drain_limit, std::chrono::duration_cast<std::chrono::milliseconds>(
                                            options_.election.renew_deadline));
  }
  // Wall time, not clock_: the kubelet's grace period runs on it whatever the agent's clock.
  std::mutex drain_mutex;
  std::condition_variable drain_done;
  bool drained = false;
  std::thread watchdog([&] {
    std::unique_lock lock(drain_mutex);
    if (!drain_done.wait_for(lock, drain_limit, [&] { return drained; })) {
      log_.warning("shutdown timeout: leaving the queued terminations to the next leader",
                   {{"queued", session->queue.size()}});
      session->discard_reason.store("shutdown");
      session->discard.store(true);
    }
  });
  session->workers->join();
  {
    std::lock_guard lock(drain_mutex);
    drained = true;
  }
  drain_done.notify_all();
  watchdog.join();
  metrics_.queue_depth.set({}, 0);
  metrics_.leader.set({}, 0);
  log_.info("stopped leading", {{"identity", options_.pod_name}});
}

void Agent::run(const StopSignal& stop) {
  std::thread housekeeping([this, &stop] {
    while (stop.sleep(clock_, options_.knowledge_poll_interval)) {
      poll_knowledge();
      series_.expire(clock_.now());
      std::size_t tracked = 0;
      {
        std::lock_guard lock(session_mutex_);
        if (session_) {
          for (const auto& watcher : session_->watchers) {
            tracked += watcher->tracked_containers();
          }
        }
      }
      metrics_.tracked_containers.set({}, static_cast<double>(tracked));
    }
  });
  if (options_.leader_elect && lease_store_ != nullptr) {
    standing_by_.store(true);
    LeaderElector elector(options_.election, *lease_store_, clock_);
    LeaderCallbacks callbacks;
    callbacks.started_leading = [this] { start_leading(); };
    callbacks.stopped_leading = [this, &stop] {
      stop_leading(stop.requested() ? LeadingEnd::kShutdown : LeadingEnd::kLostLease);
    };
    callbacks.round_failed = [this](const Error& error) {
      log_.warning("leader election round failed", {{"error", error.to_string()}});
    };
    elector.run(stop, callbacks);
    standing_by_.store(false);
  } else {
    start_leading();
    while (stop.sleep(clock_, std::chrono::milliseconds(200))) {
    }
    stop_leading(LeadingEnd::kShutdown);
  }
  housekeeping.join();
  log_.info("agent stopped");
}

}  // namespace kexit::agent
