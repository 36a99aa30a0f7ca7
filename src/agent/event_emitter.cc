#include "agent/event_emitter.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "agent/node_event.h"
#include "agent/termination_id.h"

namespace kexit::agent {

const char* to_string(EmitResult result) {
  switch (result) {
    case EmitResult::kCreated:
      return "created";
    case EmitResult::kUpdated:
      return "updated";
    case EmitResult::kRecreated:
      return "recreated";
    case EmitResult::kDuplicate:
      return "duplicate";
    case EmitResult::kForbidden:
      return "forbidden";
    case EmitResult::kRateLimited:
      return "rate_limited";
    case EmitResult::kFailed:
      return "failed";
  }
  return "failed";
}

const char* to_string(EventWrite write) {
  return write == EventWrite::kCreate ? "create" : "update";
}

namespace {

// Whether a failed write may succeed if sent again: no answer at all (connection, timeout),
// 429, 5xx, and for an update also 409 (a conflict on the object; on create 409 is
// AlreadyExists, an answer). Any other 4xx (403 forbidden, 422 invalid) would fail the same way
// again, and 404 has its own meaning for each write.
bool is_transient_failure(const Expected<ApiReply>& reply, EventWrite write) {
  if (!reply.ok()) {
    return true;
  }
  int status = reply->status;
  return status == 429 || (status >= 500 && status <= 599) ||
         (status == 409 && write == EventWrite::kUpdate);
}

std::string describe_failure(const Expected<ApiReply>& reply) {
  if (!reply.ok()) {
    return reply.error().to_string();
  }
  return "HTTP " + std::to_string(reply->status) +
         (reply->message.empty() ? std::string() : ": " + reply->message);
}

}  // namespace

EventEmitter::EventEmitter(AgentApi& api, EventSeriesTracker& series, NamespaceRateLimiter& limiter,
                           AgentMetrics& metrics, JsonLogger& log, kube::Clock& clock,
                           std::string reporting_instance, EmitterOptions options)
    : api_client_(api),
      series_(series),
      limiter_(limiter),
      metrics_(metrics),
      log_(log),
      clock_(clock),
      reporting_instance_(std::move(reporting_instance)),
      options_(options) {}

EmitResult EventEmitter::count(EmitResult result) {
  metrics_.events.add({to_string(result)});
  return result;
}

EmitResult EventEmitter::emit_node_event(const report::CorrelatedTerminations& group) {
  auto event = build_node_event(group, reporting_instance_, clock_.now());
  const kube::EventApi api = api_.load();
  auto reply = api_client_.create_event(
      kNodeEventNamespace, api == kube::EventApi::kCoreV1 ? to_core_event(event) : event, api);
  // Not counted in kexit_events_total: that counts each termination's own Event, and the
  // alerts and the termination account read a failure there as a termination not written.
  if (reply.ok() && reply->ok()) {
    return EmitResult::kCreated;
  }
  if (reply.ok() && reply->status == 409) {
    return EmitResult::kDuplicate;
  }
  log_.warning("node event not written",
               {{"node", group.node},
                {"cause", group.cause},
                {"status", reply.ok() ? reply->status : 0},
                {"error", reply.ok() ? reply->message : reply.error().to_string()}});
  return reply.ok() && reply->status == 403 ? EmitResult::kForbidden : EmitResult::kFailed;
}

bool EventEmitter::admit(const std::string& namespace_name, const std::string& pod) {
  if (limiter_.allow(namespace_name)) {
    return true;
  }
  log_.debug("event skipped: namespace rate limit", {{"namespace", namespace_name}, {"pod", pod}});
  count(EmitResult::kRateLimited);
  return false;
}

EmitResult EventEmitter::emit(const diagnose::ContainerDiagnosis& diagnosis,
                              const EventReason& reason, const std::string& pod_key,
                              const std::string& termination_id, Admission admission,
                              const StopSignal* stop) {
  if (admission == Admission::kCheck && !admit(diagnosis.namespace_name, diagnosis.pod)) {
    return EmitResult::kRateLimited;
  }
  std::lock_guard stripe(
      stripes_[container_fingerprint(pod_key, diagnosis.container) % stripes_.size()]);
  auto started = clock_.now();
  auto result = write(diagnosis, reason, pod_key, termination_id, started, stop);
  metrics_.event_write_seconds.observe(clock_.now() - started);
  return count(result);
}

EmitResult EventEmitter::write(const diagnose::ContainerDiagnosis& diagnosis,
                               const EventReason& reason, const std::string& pod_key,
                               const std::string& termination_id, kube::TimePoint now,
                               const StopSignal* stop) {
  std::string cause = diagnosis.diagnoses.empty() ? "" : diagnosis.diagnoses.front().cause;
  auto decision =
      series_.decide(pod_key, diagnosis.container, diagnosis.pod, cause, termination_id, now);
  if (decision.step == SeriesDecision::Step::kCreate) {
    return create(diagnosis, reason, pod_key, termination_id, decision.event_name, now,
                  EmitResult::kCreated, stop);
  }
  auto patch = build_series_patch(decision.api, decision.count, now, diagnosis, termination_id);
  auto written = send_with_retries(EventWrite::kUpdate, diagnosis, decision.event_name, stop, [&] {
    return api_client_.patch_event(diagnosis.namespace_name, decision.event_name, patch,
                                   decision.api);
  });
  const auto& reply = written.reply;
  if (!reply.ok()) {
    log_.warning("cannot update event", {{"namespace", diagnosis.namespace_name},
                                         {"event", decision.event_name},
                                         {"attempts", written.attempts},
                                         {"error", reply.error().to_string()}});
    return EmitResult::kFailed;
  }
  if (reply->ok()) {
    series_.record(
        pod_key, diagnosis.container,
        {diagnosis.namespace_name, decision.event_name, cause, decision.api, decision.count, now});
    return EmitResult::kUpdated;
  }
  if (reply->status == 404) {
    // The Event expired (--event-ttl, 1 h by default): start the episode again, as client-go
    // does.
    series_.forget(pod_key, diagnosis.container, cause);
    auto fresh =
        series_.decide(pod_key, diagnosis.container, diagnosis.pod, cause, termination_id, now);
    return create(diagnosis, reason, pod_key, termination_id, fresh.event_name, now,
                  EmitResult::kRecreated, stop);
  }
  return refused(*reply, "update", diagnosis);
}

EventEmitter::Written EventEmitter::send_with_retries(
    EventWrite write, const diagnose::ContainerDiagnosis& diagnosis, const std::string& name,
    const StopSignal* stop, const std::function<Expected<ApiReply>()>& send) {
  static const StopSignal kNeverStops;
  const StopSignal& stopping = stop != nullptr ? *stop : kNeverStops;
  auto started = clock_.now();
  Written written{send(), 1};
  // Built on the first failure only: most writes succeed, and seeding costs a random_device.
  std::optional<kube::Backoff> backoff;
  while (is_transient_failure(written.reply, write) &&
         written.attempts < options_.retry.max_attempts && !stopping.requested()) {
    if (!backoff) {
      backoff.emplace(options_.retry);
    }
    auto delay = backoff->next_delay();
    if (clock_.now() - started + delay > options_.retry_budget) {
      break;
    }
    log_.info("event write failed; sending it again", {{"namespace", diagnosis.namespace_name},
                                                       {"event", name},
                                                       {"verb", to_string(write)},
                                                       {"attempt", written.attempts},
                                                       {"delay_ms", delay.count()},
                                                       {"error", describe_failure(written.reply)}});
    if (!stopping.sleep(clock_, delay)) {
      break;
    }
    metrics_.events.add({"retried"});
    written.reply = send();
    ++written.attempts;
  }
  return written;
}

std::optional<ReportedEvent> EventEmitter::find_event(const std::string& namespace_name,
                                                      const std::string& name) {
  // AgentApi has no single-Event GET; listing the namespace's agent Events (by the label on
  // each) serves, and a 409 is rare: two replicas racing, or a lost answer.
  std::optional<ReportedEvent> found;
  auto listed =
      api_client_.list_events(namespace_name, kEventLabelSelector, [&](nlohmann::json&& event) {
        if (found) {
          return;
        }
        if (auto reported = read_reported_event(event); reported && reported->event_name == name) {
          found = std::move(reported);
        }
      });
  if (!listed.ok()) {
    log_.warning(
        "cannot read back an existing event; its series count starts again at 1",
        {{"namespace", namespace_name}, {"event", name}, {"error", listed.error().to_string()}});
    return std::nullopt;
  }
  return found;
}

EmitResult EventEmitter::create(const diagnose::ContainerDiagnosis& diagnosis,
                                const EventReason& reason, const std::string& pod_key,
                                const std::string& termination_id, const std::string& name,
                                kube::TimePoint now, EmitResult success, const StopSignal* stop) {
  std::string cause = diagnosis.diagnoses.empty() ? "" : diagnosis.diagnoses.front().cause;
  auto event = build_event(diagnosis, reason, {name, reporting_instance_, now, termination_id});
  kube::EventApi api = api_.load();
  auto send = [&](kube::EventApi target) {
    return send_with_retries(EventWrite::kCreate, diagnosis, name, stop, [&] {
      return api_client_.create_event(
          diagnosis.namespace_name,
          target == kube::EventApi::kCoreV1 ? to_core_event(event) : event, target);
    });
  };
  auto written = send(api);
  if (written.reply.ok() && written.reply->status == 404 && api == kube::EventApi::kEventsV1) {
    // No events.k8s.io group on this server: core/v1 Events are the same objects.
    auto core = send(kube::EventApi::kCoreV1);
    if (core.reply.ok() && core.reply->status != 404) {
      log_.info("events.k8s.io/v1 is not served; writing core/v1 Events");
      api_.store(kube::EventApi::kCoreV1);
      api = kube::EventApi::kCoreV1;
      written = std::move(core);
    }
  }
  const auto& reply = written.reply;
  if (!reply.ok()) {
    log_.warning("cannot create event", {{"namespace", diagnosis.namespace_name},
                                         {"event", name},
                                         {"attempts", written.attempts},
                                         {"error", reply.error().to_string()}});
    return EmitResult::kFailed;
  }
  if (reply->ok()) {
    series_.record(pod_key, diagnosis.container,
                   {diagnosis.namespace_name, name, cause, api, 1, now});
    return success;
  }
  if (reply->status != 409) {
    return refused(*reply, "create", diagnosis);
  }
  // AlreadyExists: another replica, this agent before a restart, or an earlier attempt of this
  // write whose answer was lost wrote the episode's Event, and its series may be past 1 by now.
  // Continue from it, or the next update would set the count back.
  SeriesEntry entry{diagnosis.namespace_name, name, cause, api, 1, now};
  bool ours = false;
  if (auto reported = find_event(diagnosis.namespace_name, name)) {
    entry.count = std::max(1, reported->count);
    if (reported->last_observed != kube::TimePoint{}) {
      entry.last_observed = reported->last_observed;
    }
    ours = written.attempts > 1 && reported->termination_id == termination_id &&
           reported->reporting_instance == reporting_instance_;
  }
  series_.record(pod_key, diagnosis.container, entry);
  // A retried create that finds its own Event was applied the first time: not a duplicate.
  return ours ? success : EmitResult::kDuplicate;
}

EmitResult EventEmitter::refused(const ApiReply& reply, const char* verb,
                                 const diagnose::ContainerDiagnosis& diagnosis) {
  if (reply.status == 403) {
    nlohmann::json fields = {{"namespace", diagnosis.namespace_name},
                             {"pod", diagnosis.pod},
                             {"verb", verb},
                             {"error", reply.message}};
    if (!forbidden_reported_.exchange(true)) {
      log_.error(
          "RBAC forbids writing Events: grant create and patch on events in the \"\" and "
          "\"events.k8s.io\" API groups (see manifests/cluster-role.yaml); diagnoses go on in "
          "the logs and the kexit_events_total{result=\"forbidden\"} metric",
          fields);
    } else {
      log_.warning("event not written: forbidden", fields);
    }
    return EmitResult::kForbidden;
  }
  log_.warning("event not written", {{"namespace", diagnosis.namespace_name},
                                     {"pod", diagnosis.pod},
                                     {"verb", verb},
                                     {"status", reply.status},
                                     {"error", reply.message}});
  return EmitResult::kFailed;
}

}  // namespace kexit::agent
