#include "agent/termination_reporter.h"

#include <cstdio>

#include "agent/termination_id.h"
#include "base/file_reading.h"
#include "kube/api_time.h"
#include "kube/log_instance.h"

namespace kexit::agent {

TerminationReporter::TerminationReporter(AgentApi& api, const KnowledgeReloader& knowledge,
                                         EventEmitter& emitter, AgentMetrics& metrics,
                                         JsonLogger& log, kube::Clock& clock,
                                         ReporterOptions options)
    : api_(api),
      knowledge_(knowledge),
      emitter_(emitter),
      metrics_(metrics),
      log_(log),
      clock_(clock),
      options_(options) {}

namespace {

// What stands in for a log that was not read: the termination message, when there is one.
kube::ContainerLog without_log(const kube::ContainerFacts& container, std::string note) {
  kube::ContainerLog log;
  if (!container.termination.message.empty()) {
    log.text = container.termination.message;
    log.origin = kube::LogOrigin::kTerminationMessage;
    log.note = std::move(note) + "; used the termination message";
  } else {
    log.note = std::move(note);
  }
  return log;
}

// The log text of a successful answer; null for a failure or a body that is not text.
const std::string* log_text(const Expected<ApiReply>& reply) {
  return reply.ok() && reply->ok() && reply->body.is_string()
             ? &reply->body.get_ref<const std::string&>()
             : nullptr;
}

}  // namespace

kube::ContainerLog TerminationReporter::fetch_log(const kube::PodFacts& pod,
                                                  const kube::ContainerFacts& container) {
  kube::ContainerLog log;
  // lastState: the dead instance is the previous one; state.terminated: it is the current one,
  // until the kubelet restarts the container.
  bool previous = container.slot == kube::TerminationSlot::kLast;
  bool may_restart = !previous && pod.restart_policy != "Never" &&
                     !(pod.restart_policy == "OnFailure" && container.termination.exit_code == 0);
  auto reply = api_.container_log(pod.namespace_name, pod.name, container.name, previous,
                                  options_.max_log_bytes, may_restart);
  std::string note;
  if (const std::string* current = log_text(reply); may_restart && current != nullptr) {
    const std::string& text = *current;
    auto last_line = kube::last_log_timestamp(text);
    auto finished = kube::parse_api_time(container.termination.finished_at);
    if (text.empty() ||
        (last_line && finished && kube::written_after_termination(*last_line, *finished))) {
      // Restarted since: the dead instance is the previous one now.
      auto earlier = api_.container_log(pod.namespace_name, pod.name, container.name, true,
                                        options_.max_log_bytes, false);
      if (const std::string* dead = log_text(earlier); dead != nullptr && !dead->empty()) {
        reply = std::move(earlier);
        previous = true;
        note = "the container restarted before its log was read; read the previous instance's";
      } else if (!text.empty()) {
        // What was read is the next instance's: no evidence about this termination.
        return without_log(container,
                           "the container restarted before its log was read, and the previous "
                           "instance's log is unavailable");
      }
    } else {
      reply->body = kube::strip_log_timestamps(text);
    }
  }
  if (const std::string* text = log_text(reply); text != nullptr && !text->empty()) {
    auto tail = tail_of(*text, options_.max_log_bytes);
    log.note = note;
    log.text = std::move(tail.text);
    log.truncated = tail.truncated;
    log.origin = previous ? kube::LogOrigin::kPreviousLog : kube::LogOrigin::kCurrentLog;
    return log;
  }
  std::string why = !reply.ok()   ? reply.error().message
                    : reply->ok() ? std::string("the log is empty")
                                  : "HTTP " + std::to_string(reply->status);
  return without_log(container, "log unavailable (" + why + ")");
}

void TerminationReporter::report(const TerminationWork& work, const StopSignal* stop) {
  if (work.pod.terminated.empty()) {
    return;
  }
  const auto& pod = work.pod;
  const auto& container = pod.terminated.front();
  auto engine = knowledge_.engine();
  // The token comes first: every write (a new Event or a series update) takes one, so a
  // termination that gets none is not written whatever the log says, and a namespace with
  // hundreds of crashing pods must not cost hundreds of log reads. Its crash is still diagnosed
  // and counted, from what the pod status holds (exit code, reason, termination message): a
  // less certain diagnosis, with a note saying why, rather than none.
  bool admitted = emitter_.admit(pod.namespace_name, pod.name);
  auto log = admitted ? fetch_log(pod, container)
                      : without_log(container,
                                    "log not fetched (the namespace is over its Event rate limit)");
  auto diagnosis = engine->diagnose(pod, container, log);
  const auto& top = diagnosis.diagnoses.front();
  metrics_.terminations.add({pod.namespace_name, std::to_string(diagnosis.exit_code), top.cause});
  metrics_.diagnoses.add({top.cause, diagnose::to_string(top.level)});
  auto reason = event_reason_for(top.cause, engine->knowledge().set());
  auto result = admitted ? emitter_.emit(diagnosis, reason, pod_key(pod), work.termination_id,
                                         Admission::kAdmitted, stop)
                         : EmitResult::kRateLimited;
  log_.info("container termination diagnosed", {{"namespace", pod.namespace_name},
                                                {"pod", pod.name},
                                                {"container", container.name},
                                                {"exit_code", diagnosis.exit_code},
                                                {"restart_count", diagnosis.restart_count},
                                                {"cause", top.cause},
                                                {"rule", top.rule_id},
                                                {"confidence", top.confidence},
                                                {"reason", reason.reason},
                                                {"log", kube::to_string(diagnosis.log_origin)},
                                                {"log_note", diagnosis.log_note},
                                                {"event", to_string(result)}});
  if (options_.annotate_pods) {
    nlohmann::json patch = {
        {"metadata",
         {{"annotations",
           {{kLastDiagnosisAnnotation,
             last_diagnosis_annotation(diagnosis, kube::format_api_time(clock_.now()))}}}}}};
    auto reply = api_.patch_pod(pod.namespace_name, pod.name, patch);
    if (!reply.ok() || !reply->ok()) {
      log_.warning("cannot annotate pod",
                   {{"namespace", pod.namespace_name},
                    {"pod", pod.name},
                    {"error", reply.ok() ? reply->message : reply.error().to_string()}});
    }
  }
}

std::string last_diagnosis_annotation(const diagnose::ContainerDiagnosis& diagnosis,
                                      const std::string& time) {
  nlohmann::ordered_json value;
  value["container"] = diagnosis.container;
  value["exitCode"] = diagnosis.exit_code;
  if (!diagnosis.diagnoses.empty()) {
    const auto& top = diagnosis.diagnoses.front();
    value["cause"] = top.cause;
    value["rule"] = top.rule_id;
    char confidence[16];
    std::snprintf(confidence, sizeof confidence, "%.2f", top.confidence);
    value["confidence"] = confidence;
  }
  value["restartCount"] = diagnosis.restart_count;
  value["time"] = time;
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kexit::agent
