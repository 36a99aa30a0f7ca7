#include "report/report_document.h"

#include <cmath>

#include "base/structured_text.h"
#include "report/failed_job_report.h"
#include "report/json_fields.h"
#include "report/next_step_output.h"
#include "report/schema_version.h"
#include "report/workload_changes_report.h"

namespace kexit::report {
namespace {

using nlohmann::ordered_json;

// A value, or null when it is unknown.
template <typename T>
ordered_json value_or_null(const std::optional<T>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

const char* kind_name(diagnose::Evidence::Kind kind) {
  switch (kind) {
    case diagnose::Evidence::Kind::kFact:
      return "fact";
    case diagnose::Evidence::Kind::kLogLine:
      return "log";
    case diagnose::Evidence::Kind::kEvent:
      return "event";
  }
  return "fact";
}

ordered_json event_document(const kube::EventFacts& event) {
  ordered_json item;
  item["type"] = text_or_null(event.type);
  item["reason"] = text_or_null(event.reason);
  item["message"] = text_or_null(event.message);
  item["source"] = text_or_null(event.source);
  item["count"] = event.count;
  item["firstTime"] = text_or_null(event.first_time);
  item["lastTime"] = text_or_null(event.last_time);
  item["object"] = text_or_null(
      event.object_kind.empty() ? std::string() : event.object_kind + "/" + event.object_name);
  return item;
}

ordered_json evidence_document(const diagnose::Evidence& evidence) {
  ordered_json item;
  item["kind"] = kind_name(evidence.kind);
  item["text"] = evidence.text;
  item["line"] = value_or_null(evidence.line);
  item["event"] = evidence.event ? event_document(*evidence.event) : ordered_json(nullptr);
  return item;
}

// "terminated" (still dead), "restarted" (lastState), "never-started", "pod-failed".
const char* state_name(const diagnose::ContainerDiagnosis& container) {
  if (container.outcome != kube::ContainerOutcome::kTerminated) {
    return kube::to_string(container.outcome);
  }
  return container.slot == kube::TerminationSlot::kCurrent ? "terminated" : "restarted";
}

// Each step on one line, as `suggestions` carried them before `nextSteps` (schemaVersion 5).
std::vector<std::string> one_line_steps(const std::vector<knowledge::NextStep>& steps) {
  std::vector<std::string> lines;
  for (const auto& step : steps) {
    lines.push_back(knowledge::one_line(step));
  }
  return lines;
}

ordered_json steps_document(const std::vector<knowledge::NextStep>& steps) {
  ordered_json list = ordered_json::array();
  for (const auto& step : steps) {
    list.push_back(step_document(step));
  }
  return list;
}

ordered_json evidence_list(const std::vector<diagnose::Evidence>& evidence) {
  ordered_json list = ordered_json::array();
  for (const auto& item : evidence) {
    list.push_back(evidence_document(item));
  }
  return list;
}

// Only log lines, so only where they are and what they say.
ordered_json log_tail_list(const std::vector<diagnose::Evidence>& tail) {
  ordered_json list = ordered_json::array();
  for (const auto& item : tail) {
    ordered_json line;
    line["line"] = item.line.value_or(0);
    line["text"] = item.text;
    list.push_back(std::move(line));
  }
  return list;
}

ordered_json resources_document(const diagnose::ResourceContext& resources) {
  ordered_json document;
  document["memoryLimit"] = text_or_null(resources.memory_limit);
  document["memoryRequest"] = text_or_null(resources.memory_request);
  document["heap"] = ordered_json::array();
  for (const auto& setting : resources.heap) {
    ordered_json item;
    item["flag"] = setting.flag_id;
    item["runtime"] = setting.runtime;
    item["setting"] = setting.setting;
    item["bytes"] = value_or_null(setting.bytes);
    item["percentOfLimit"] = value_or_null(setting.percent_of_limit);
    item["aboveLimit"] = value_or_null(setting.above_limit);
    item["text"] = setting.text;
    document["heap"].push_back(std::move(item));
  }
  document["probes"] = ordered_json::array();
  for (const auto& probe : resources.probes) {
    ordered_json item;
    item["probe"] = probe.probe;
    item["periodSeconds"] = probe.period_seconds;
    item["timeoutSeconds"] = probe.timeout_seconds;
    item["failureThreshold"] = probe.failure_threshold;
    item["initialDelaySeconds"] = probe.initial_delay_seconds;
    item["ranSeconds"] = value_or_null(probe.ran_seconds);
    item["text"] = probe.text;
    document["probes"].push_back(std::move(item));
  }
  return document;
}

// Two decimals: more precision is noise and makes golden files brittle.
double rounded(double value) { return std::round(value * 100) / 100; }

// Each fix with the command to check first; "" fields are null, so a script tests one key.
// The base rate that ranked a diagnosis (null when evidence did): its id, the cause's share and
// the source, a reference or the corpus derivation.
ordered_json seen_in_list(const std::vector<knowledge::SeenReport>& reports) {
  ordered_json list = ordered_json::array();
  for (const auto& report : reports) {
    list.push_back({{"url", report.url}, {"title", report.title}});
  }
  return list;
}

ordered_json base_rate_document(const std::optional<diagnose::BaseRateCitation>& citation) {
  if (!citation) {
    return nullptr;
  }
  ordered_json document;
  document["id"] = citation->id;
  document["share"] = rounded(citation->share);
  document["source"] = citation->source;
  return document;
}

ordered_json fixes_list(const std::vector<diagnose::FixProposal>& fixes) {
  ordered_json list = ordered_json::array();
  for (const auto& fix : fixes) {
    ordered_json item;
    item["kind"] = fix.kind;
    item["target"] = fix.target;
    item["dryRunCommand"] = text_or_null(fix.dry_run_command);
    item["command"] = text_or_null(fix.command);
    item["manifest"] = text_or_null(fix.manifest);
    item["changes"] = fix.changes;
    item["risk"] = fix.risk;
    list.push_back(std::move(item));
  }
  return list;
}

}  // namespace

ordered_json container_document(const diagnose::ContainerDiagnosis& container) {
  ordered_json document;
  document["namespace"] = text_or_null(container.namespace_name);
  document["pod"] = container.pod;
  document["container"] = container.container;
  document["containerType"] = kube::to_string(container.container_kind);
  document["exitCode"] = value_or_null(container.exit_code);
  document["signal"] = container.signal ? ordered_json(container.signal_name.empty()
                                                           ? std::to_string(*container.signal)
                                                           : container.signal_name)
                                        : ordered_json(nullptr);
  document["reason"] = text_or_null(container.reason);
  document["restartCount"] = container.restart_count;
  document["image"] = text_or_null(container.image);
  document["podUID"] = text_or_null(container.pod_uid);
  document["containerID"] = text_or_null(container.container_id);
  document["finishedAt"] = text_or_null(container.finished_at);
  document["state"] = state_name(container);
  document["waitingReason"] = text_or_null(container.waiting_reason);
  document["waitingMessage"] = text_or_null(container.waiting_message);
  document["node"] = text_or_null(container.node);
  document["podReason"] = text_or_null(container.pod_reason);
  document["podMessage"] = text_or_null(container.pod_message);
  document["evidenceNotes"] = container.evidence_notes;
  document["message"] = text_or_null(container.message);
  document["warningEvents"] = ordered_json::array();
  for (const auto& event : container.warning_events) {
    document["warningEvents"].push_back(event_document(event));
  }
  ordered_json log;
  log["source"] = kube::to_string(container.log_origin);
  log["lines"] = container.log_lines;
  log["truncated"] = container.log_truncated;
  log["note"] = text_or_null(container.log_note);
  document["log"] = log;
  document["resources"] = resources_document(container.resources);
  document["logTail"] = log_tail_list(container.log_tail);
  ordered_json diagnoses = ordered_json::array();
  for (const auto& diagnosis : container.diagnoses) {
    ordered_json item;
    item["cause"] = diagnosis.cause;
    item["rule"] = diagnosis.rule_id;
    item["title"] = diagnosis.title;
    item["confidence"] = rounded(diagnosis.confidence);
    item["level"] = diagnose::to_string(diagnosis.level);
    item["evidence"] = evidence_list(diagnosis.evidence);
    item["explanation"] = text_or_null(diagnosis.explanation);
    item["suggestions"] = one_line_steps(diagnosis.suggestions);
    item["nextSteps"] = steps_document(diagnosis.suggestions);
    item["references"] = diagnosis.references;
    item["absent"] = diagnosis.absent;
    item["baseRate"] = base_rate_document(diagnosis.base_rate);
    item["seenIn"] = seen_in_list(diagnosis.seen_in);
    diagnoses.push_back(std::move(item));
  }
  document["diagnoses"] = std::move(diagnoses);
  ordered_json notes = ordered_json::array();
  for (const auto& note : container.notes) {
    ordered_json item;
    item["id"] = note.id;
    item["title"] = note.title;
    item["evidence"] = evidence_list(note.evidence);
    item["explanation"] = text_or_null(note.explanation);
    item["references"] = note.references;
    notes.push_back(std::move(item));
  }
  document["notes"] = std::move(notes);
  document["fixes"] = fixes_list(container.fixes);
  return document;
}

ordered_json report_document(const std::vector<diagnose::ContainerDiagnosis>& containers,
                             const std::vector<kube::FailedJob>& failed_jobs,
                             const std::vector<kube::WorkloadChanges>& changes) {
  ordered_json document;
  document["schemaVersion"] = kSchemaVersion;
  document["kind"] = "InspectReport";
  document["containers"] = ordered_json::array();
  for (const auto& container : containers) {
    document["containers"].push_back(container_document(container));
  }
  document["failedJobs"] = ordered_json::array();
  for (const auto& job : failed_jobs) {
    document["failedJobs"].push_back(failed_job_document(job));
  }
  document["workloadChanges"] = ordered_json::array();
  for (const auto& workload : changes) {
    document["workloadChanges"].push_back(workload_changes_document(workload));
  }
  return document;
}

std::string render_json(const std::vector<diagnose::ContainerDiagnosis>& containers,
                        const std::vector<kube::FailedJob>& failed_jobs,
                        const std::vector<kube::WorkloadChanges>& changes) {
  // Replace invalid UTF-8 from logs instead of failing the whole report.
  return report_document(containers, failed_jobs, changes)
             .dump(2, ' ', false, ordered_json::error_handler_t::replace) +
         "\n";
}

std::string render_json_line(const std::vector<diagnose::ContainerDiagnosis>& containers) {
  return report_document(containers).dump(-1, ' ', false, ordered_json::error_handler_t::replace) +
         "\n";
}

std::string render_yaml(const std::vector<diagnose::ContainerDiagnosis>& containers,
                        const std::vector<kube::FailedJob>& failed_jobs,
                        const std::vector<kube::WorkloadChanges>& changes) {
  // Through JSON first so invalid UTF-8 from logs is replaced, as in render_json.
  return to_yaml(
      ordered_json::parse(report_document(containers, failed_jobs, changes)
                              .dump(-1, ' ', false, ordered_json::error_handler_t::replace)));
}

}  // namespace kexit::report
