#include "agent/termination_reporter.h"

#include <cstdio>

#include "agent/termination_id.h"
#include "agent/timed_evidence_reader.h"
#include "kube/api_time.h"

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

// The exit code as JSON: null when unknown, which the API's pods never are.
nlohmann::json exit_code_value(const diagnose::ContainerDiagnosis& diagnosis) {
  return diagnosis.exit_code ? nlohmann::json(*diagnosis.exit_code) : nlohmann::json(nullptr);
}

}  // namespace

void TerminationReporter::report(const TerminationWork& work, const StopSignal* stop) {
  if (!work.has_container()) {
    return;
  }
  const kube::PodFacts& pod = work.pod;
  const kube::ContainerFacts& container = work.container();
  auto engine = knowledge_.engine();
  // The token comes first: every write (a new Event or a series update) takes one, so a
  // termination that gets none is not written whatever the log says, and a namespace with
  // hundreds of crashing pods must not cost hundreds of log reads. Its crash is still diagnosed
  // and counted, from what the pod status holds (exit code, reason, termination message): a
  // less certain diagnosis, with a note saying why, rather than none.
  bool admitted = emitter_.admit(pod.namespace_name, pod.name);
  EvidencePlan plan;
  plan.max_log_bytes = options_.max_log_bytes;
  if (!admitted) {
    plan.reading = EvidenceReading::kStatusOnly;
    plan.why_not_read = "log and Events not read (the namespace is over its Event rate limit)";
  }
  TimedEvidenceReader reader(api_, clock_);
  auto started = clock_.now();
  auto diagnosis = diagnose_termination(*engine, reader, work, started, plan);
  metrics_.diagnosis_seconds.observe(clock_.now() - started - reader.read_time());
  if (reader.log_reads() > 0) {
    metrics_.log_fetch_seconds.observe(reader.log_time());
  }
  if (!options_.event_log_tail) {
    diagnosis.log_tail.clear();
  }
  const auto& top = diagnosis.diagnoses.front();
  metrics_.terminations.add(
      {pod.namespace_name, diagnose::exit_code_text(diagnosis.exit_code), top.cause});
  metrics_.diagnoses.add({top.cause, diagnose::to_string(top.level)});
  auto reason = event_reason_for(top.cause, engine->knowledge().set());
  auto result = admitted ? emitter_.emit(diagnosis, reason, pod_key(pod), work.termination_id,
                                         Admission::kAdmitted, stop)
                         : EmitResult::kRateLimited;
  const nlohmann::json exit_code = exit_code_value(diagnosis);
  log_.info("container termination diagnosed", {{"namespace", pod.namespace_name},
                                                {"pod", pod.name},
                                                {"container", container.name},
                                                {"termination_id", work.termination_id},
                                                {"exit_code", exit_code},
                                                {"restart_count", diagnosis.restart_count},
                                                {"cause", top.cause},
                                                {"rule", top.rule_id},
                                                {"confidence", top.confidence},
                                                {"reason", reason.reason},
                                                {"log", kube::to_string(diagnosis.log_origin)},
                                                {"log_note", diagnosis.log_note},
                                                {"event", to_string(result)}});
  // A Normal cause (a drain's SIGTERMs, graceful-termination) ending on many pods of a node at
  // once is routine, not a node problem.
  if (reason.type != "Normal") {
    correlate(diagnosis);
  }
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

void TerminationReporter::correlate(const diagnose::ContainerDiagnosis& diagnosis) {
  auto group = correlator_.add(report::termination_row(diagnosis));
  if (!group) {
    return;
  }
  EmitResult result = emitter_.emit_node_event(*group);
  log_.info("terminations correlated on a node", {{"node", group->node},
                                                  {"cause", group->cause},
                                                  {"pods", group->pods},
                                                  {"summary", report::correlation_line(*group)},
                                                  {"event", to_string(result)}});
}

std::string last_diagnosis_annotation(const diagnose::ContainerDiagnosis& diagnosis,
                                      const std::string& time) {
  nlohmann::ordered_json value;
  value["container"] = diagnosis.container;
  value["exitCode"] = exit_code_value(diagnosis);
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
