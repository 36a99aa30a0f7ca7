#include "agent/event_emitter.h"

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

EventEmitter::EventEmitter(AgentApi& api, EventSeriesTracker& series, NamespaceRateLimiter& limiter,
                           AgentMetrics& metrics, JsonLogger& log, kube::Clock& clock,
                           std::string reporting_instance)
    : api_client_(api),
      series_(series),
      limiter_(limiter),
      metrics_(metrics),
      log_(log),
      clock_(clock),
      reporting_instance_(std::move(reporting_instance)) {}

EmitResult EventEmitter::count(EmitResult result) {
  metrics_.events.add({to_string(result)});
  return result;
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
                              const std::string& termination_id, Admission admission) {
  if (admission == Admission::kCheck && !admit(diagnosis.namespace_name, diagnosis.pod)) {
    return EmitResult::kRateLimited;
  }
  std::string cause = diagnosis.diagnoses.empty() ? "" : diagnosis.diagnoses.front().cause;
  std::lock_guard stripe(
      stripes_[fingerprint(pod_key + '\0' + diagnosis.container) % stripes_.size()]);
  auto now = clock_.now();
  auto decision =
      series_.decide(pod_key, diagnosis.container, diagnosis.pod, cause, termination_id, now);
  if (decision.step == SeriesDecision::Step::kCreate) {
    return count(create(diagnosis, reason, pod_key, termination_id, decision.event_name, now,
                        EmitResult::kCreated));
  }
  auto patch = build_series_patch(decision.api, decision.count, now, diagnosis, termination_id);
  auto reply =
      api_client_.patch_event(diagnosis.namespace_name, decision.event_name, patch, decision.api);
  if (!reply.ok()) {
    log_.warning("cannot update event", {{"namespace", diagnosis.namespace_name},
                                         {"event", decision.event_name},
                                         {"error", reply.error().to_string()}});
    return count(EmitResult::kFailed);
  }
  if (reply->ok()) {
    series_.record(
        pod_key, diagnosis.container,
        {diagnosis.namespace_name, decision.event_name, cause, decision.api, decision.count, now});
    return count(EmitResult::kUpdated);
  }
  if (reply->status == 404) {
    // The Event expired (--event-ttl, 1 h by default): start the episode again, as client-go
    // does.
    series_.forget(pod_key, diagnosis.container);
    auto fresh =
        series_.decide(pod_key, diagnosis.container, diagnosis.pod, cause, termination_id, now);
    return count(create(diagnosis, reason, pod_key, termination_id, fresh.event_name, now,
                        EmitResult::kRecreated));
  }
  return count(refused(*reply, "update", diagnosis));
}

EmitResult EventEmitter::create(const diagnose::ContainerDiagnosis& diagnosis,
                                const EventReason& reason, const std::string& pod_key,
                                const std::string& termination_id, const std::string& name,
                                kube::TimePoint now, EmitResult success) {
  std::string cause = diagnosis.diagnoses.empty() ? "" : diagnosis.diagnoses.front().cause;
  auto event = build_event(diagnosis, reason, {name, reporting_instance_, now, termination_id});
  EventApi api = api_.load();
  auto send = [&](EventApi target) {
    return api_client_.create_event(diagnosis.namespace_name,
                                    target == EventApi::kCoreV1 ? to_core_event(event) : event,
                                    target);
  };
  auto reply = send(api);
  if (reply.ok() && reply->status == 404 && api == EventApi::kEventsV1) {
    // No events.k8s.io group on this server: core/v1 Events are the same objects.
    auto core = send(EventApi::kCoreV1);
    if (core.ok() && core->status != 404) {
      log_.info("events.k8s.io/v1 is not served; writing core/v1 Events");
      api_.store(EventApi::kCoreV1);
      api = EventApi::kCoreV1;
      reply = std::move(core);
    }
  }
  if (!reply.ok()) {
    log_.warning("cannot create event", {{"namespace", diagnosis.namespace_name},
                                         {"event", name},
                                         {"error", reply.error().to_string()}});
    return EmitResult::kFailed;
  }
  if (reply->ok() || reply->status == 409) {
    series_.record(pod_key, diagnosis.container,
                   {diagnosis.namespace_name, name, cause, api, 1, now});
    return reply->ok() ? success : EmitResult::kDuplicate;
  }
  return refused(*reply, "create", diagnosis);
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
