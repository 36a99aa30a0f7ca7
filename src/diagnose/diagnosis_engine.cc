#include "diagnose/diagnosis_engine.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "base/file_reading.h"
#include "base/text.h"
#include "diagnose/base_rate_ranking.h"
#include "diagnose/declared_meaning.h"
#include "diagnose/evidence_collector.h"
#include "diagnose/fallback_diagnosis.h"
#include "diagnose/log_scan.h"
#include "diagnose/log_tail.h"
#include "diagnose/pod_context.h"
#include "diagnose/rule_conditions.h"
#include "diagnose/seen_in.h"
#include "diagnose/suggestion_names.h"
#include "knowledge/container_runtime.h"

namespace kexit::diagnose {
namespace {

std::optional<int> signal_of(const kube::Termination& termination) {
  if (termination.signal) {
    return termination.signal;
  }
  // 128+N is how shells and container runtimes report death by signal N.
  const std::optional<int>& code = termination.exit_code;
  if (code && *code > 128 && *code < 128 + 32) {
    return *code - 128;
  }
  return std::nullopt;
}

// Step 1: what the container's status says, before any rule is tried.
ContainerDiagnosis describe_container(const kube::PodFacts& pod,
                                      const kube::ContainerFacts& container,
                                      const knowledge::CompiledKnowledge& knowledge) {
  ContainerDiagnosis result;
  const auto& termination = container.termination;
  const auto& redactor = knowledge.redactor();
  result.namespace_name = pod.namespace_name;
  result.pod = pod.name;
  result.pod_uid = pod.uid;
  result.container = container.name;
  result.container_kind = container.kind;
  result.image = container.image;
  result.exit_code = termination.exit_code;
  result.signal = signal_of(termination);
  if (result.signal) {
    const auto* definition = knowledge.set().find_signal(*result.signal);
    result.signal_name = definition ? definition->name : "";
  }
  result.reason = termination.reason;
  result.message = redactor.redact(termination.message);
  result.restart_count = container.restart_count;
  result.finished_at = termination.finished_at;
  result.container_id = termination.container_id;
  result.slot = container.slot;
  result.outcome = container.outcome;
  result.waiting_reason = container.waiting_reason;
  result.waiting_message = redactor.redact(container.waiting_message);
  result.node = pod.node;
  result.owner = pod.owner_kind.empty() ? "" : pod.owner_kind + "/" + pod.owner_name;
  result.pod_reason = pod.reason;
  result.pod_message = redactor.redact(pod.message);
  result.evidence_notes = pod.evidence_notes;
  return result;
}

// Step 2: the text to scan. Without a log, the termination message is the log: with
// FallbackToLogsOnError it holds the log's tail, and runtimes put their start errors there.
// A view, not a copy: a log can be hundreds of megabytes.
std::string_view text_to_scan(const kube::ContainerLog& log, const kube::Termination& termination,
                              std::size_t max_bytes, ContainerDiagnosis& result) {
  std::string_view text = log.text;
  kube::LogOrigin origin = log.origin;
  std::string log_note = log.note;
  // An empty log is as good as none: a container that never started (StartError) has only
  // the runtime's message.
  const bool log_empty = trim(text).empty();
  if ((origin == kube::LogOrigin::kNone || log_empty) && !termination.message.empty()) {
    if (origin != kube::LogOrigin::kNone && log_note.empty()) {
      log_note = "the log is empty; read the termination message instead";
    }
    origin = kube::LogOrigin::kTerminationMessage;
    text = termination.message;
  }
  result.log_origin = origin;
  result.log_truncated = log.truncated || text.size() > max_bytes;
  result.log_note = log_note;
  text.remove_prefix(tail_start(text, max_bytes));
  return text;
}

std::string command_line_of(const kube::ContainerFacts& container) {
  std::string line = join(container.command, " ");
  if (!container.args.empty()) {
    line += (line.empty() ? "" : " ") + join(container.args, " ");
  }
  return line;
}

// One rule's diagnosis, or nothing when its `when` fails or an `unless` holds.
std::optional<Diagnosis> try_rule(const knowledge::CompiledRule& rule, const Subject& subject,
                                  const knowledge::CompiledKnowledge& knowledge,
                                  const EngineOptions& options) {
  EvidenceCollector evidence(subject.log, knowledge.redactor(), options);
  if (!holds(rule.when, subject, &evidence)) {
    return std::nullopt;
  }
  for (const auto& unless : rule.unless) {
    if (holds(unless, subject, nullptr)) {
      return std::nullopt;
    }
  }
  Diagnosis diagnosis;
  double confidence = rule.rule->weight;
  for (std::size_t b = 0; b < rule.boosts.size(); ++b) {
    if (holds(rule.boosts[b].second, subject, &evidence)) {
      confidence += rule.boosts[b].first;
    } else if (!rule.rule->boosts[b].if_absent.empty()) {
      diagnosis.absent.push_back(rule.rule->boosts[b].if_absent);
    }
  }
  evidence.add_context(rule.rule->context_lines);
  diagnosis.cause = rule.rule->cause;
  diagnosis.rule_id = rule.rule->id;
  diagnosis.title = rule.rule->title;
  diagnosis.confidence = std::min(0.99, confidence);
  diagnosis.level = level_of(diagnosis.confidence);
  diagnosis.evidence = evidence.take();
  diagnosis.explanation = rule.rule->explanation;
  const StepNames names = names_of(subject.pod, subject.container);
  for (const auto& suggestion : rule.rule->suggestions) {
    if (auto step = with_names(suggestion, names)) {
      diagnosis.suggestions.push_back(std::move(*step));
    }
  }
  diagnosis.fix = rule.rule->fix;
  diagnosis.references = rule.rule->references;
  return diagnosis;
}

const knowledge::Rule* rule_named(const knowledge::CompiledKnowledge& knowledge,
                                  const std::string& id) {
  for (const auto& rule : knowledge.rules()) {
    if (rule.rule->id == id) {
      return rule.rule;
    }
  }
  return nullptr;
}

// Backed by evidence beyond the exit code: a termination or pod reason, the termination
// message, a pod or Job condition, a heap set above the limit, a sidecar stopped after its
// app, a log line or an Event. `reasons: ['']` asks for no reason at all: a base rate for the
// number, not evidence.
bool backed_by_evidence(const Diagnosis& diagnosis, const knowledge::Rule* rule) {
  auto names_one = [](const std::vector<std::string>& reasons) {
    return std::any_of(reasons.begin(), reasons.end(),
                       [](const std::string& reason) { return !reason.empty(); });
  };
  if (rule != nullptr && (names_one(rule->when.reasons) || names_one(rule->when.pod_reasons) ||
                          rule->when.message.has_value() || rule->when.pod_condition.has_value() ||
                          rule->when.heap_above_limit.value_or(false) ||
                          rule->when.stopped_after_app.value_or(false))) {
    return true;
  }
  return std::any_of(diagnosis.evidence.begin(), diagnosis.evidence.end(), [](const Evidence& e) {
    return e.kind == Evidence::Kind::kLogLine || e.kind == Evidence::Kind::kEvent;
  });
}

// The workload's own word on its exit code outranks every guess from the number alone, and
// never evidence: it goes right after the last diagnosis that evidence backs (an OOMKilled
// reason, a matched log line), whatever the weights say. Its title carries the meaning.
void place_declared(std::vector<Diagnosis>& ranked, const Subject& subject,
                    const knowledge::CompiledKnowledge& knowledge) {
  auto declared = std::find_if(ranked.begin(), ranked.end(), [&](const Diagnosis& diagnosis) {
    const knowledge::Rule* rule = rule_named(knowledge, diagnosis.rule_id);
    return rule != nullptr && rule->when.declared_exit_code.value_or(false);
  });
  if (declared == ranked.end()) {
    return;
  }
  Diagnosis moved = std::move(*declared);
  ranked.erase(declared);
  if (subject.declared) {
    moved.title += ": " + knowledge.redactor().redact(subject.declared->meaning);
  }
  auto last_backed = std::find_if(ranked.rbegin(), ranked.rend(), [&](const Diagnosis& diagnosis) {
    return backed_by_evidence(diagnosis, rule_named(knowledge, diagnosis.rule_id));
  });
  ranked.insert(last_backed.base(), std::move(moved));
}

// The base rate for the termination when nothing stronger holds: no diagnosis backed by
// evidence, and no exit code the workload declares (its own word beats a population's).
const knowledge::BaseRate* thin_evidence_base_rate(const std::vector<Diagnosis>& ranked,
                                                   const Subject& subject,
                                                   const knowledge::CompiledKnowledge& knowledge) {
  const bool stronger = std::any_of(ranked.begin(), ranked.end(), [&](const Diagnosis& d) {
    const knowledge::Rule* rule = rule_named(knowledge, d.rule_id);
    return backed_by_evidence(d, rule) ||
           (rule != nullptr && rule->when.declared_exit_code.value_or(false));
  });
  if (stronger) {
    return nullptr;
  }
  return find_base_rate(
      knowledge.set(), subject.pod, subject.container, subject.log.line_count() > 0,
      knowledge::container_runtime(knowledge.set(), subject.container.image, subject.command_line));
}

// Step 3: every rule that holds, best first, one diagnosis per cause; never empty.
std::vector<Diagnosis> rank_causes(const Subject& subject,
                                   const knowledge::CompiledKnowledge& knowledge,
                                   const EngineOptions& options) {
  std::vector<Diagnosis> candidates;
  for (const auto& rule : knowledge.rules()) {
    if (auto diagnosis = try_rule(rule, subject, knowledge, options)) {
      candidates.push_back(std::move(*diagnosis));
    }
  }
  // A full ranking key, so equal scores never come out in a different order.
  std::sort(candidates.begin(), candidates.end(), [](const Diagnosis& a, const Diagnosis& b) {
    if (a.confidence != b.confidence) {
      return a.confidence > b.confidence;
    }
    return a.rule_id < b.rule_id;
  });
  std::vector<Diagnosis> ranked;
  std::set<std::string> causes_seen;
  for (auto& candidate : candidates) {
    if (causes_seen.insert(candidate.cause).second) {
      ranked.push_back(std::move(candidate));
    }
  }
  place_declared(ranked, subject, knowledge);
  if (const auto* rate = thin_evidence_base_rate(ranked, subject, knowledge)) {
    ranked = rank_by_base_rate(*rate, std::move(ranked), names_of(subject.pod, subject.container));
  }
  if (ranked.empty()) {
    ranked.push_back(
        fallback_diagnosis(subject.pod, subject.container, subject.signal, knowledge.set()));
  }
  return ranked;
}

std::vector<Note> notes_that_hold(const Subject& subject,
                                  const knowledge::CompiledKnowledge& knowledge,
                                  const EngineOptions& options) {
  std::vector<Note> notes;
  for (const auto& note : knowledge.notes()) {
    EvidenceCollector evidence(subject.log, knowledge.redactor(), options);
    if (holds(note.when, subject, &evidence)) {
      notes.push_back(Note{note.note->id, note.note->title, note.note->explanation, evidence.take(),
                           note.note->references});
    }
  }
  return notes;
}

// The pod's Warning Events about the container or the whole pod, newest first (RFC 3339 times
// in one zone compare as text; the reason breaks ties so the order never depends on the input's).
std::vector<kube::EventFacts> warning_events(const kube::PodFacts& pod,
                                             const kube::ContainerFacts& container,
                                             const knowledge::SecretRedactor& redactor,
                                             const EngineOptions& options) {
  std::vector<kube::EventFacts> events;
  for (const auto& event : pod.events) {
    if (event.type == "Warning" && kube::concerns_container(event, container.name)) {
      events.push_back(event);
    }
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const kube::EventFacts& a, const kube::EventFacts& b) {
                     return std::tie(a.last_time, a.reason) > std::tie(b.last_time, b.reason);
                   });
  if (events.size() > options.max_warning_events) {
    events.resize(options.max_warning_events);
  }
  for (auto& event : events) {
    event.message = truncate_utf8(redactor.redact(event.message), options.max_evidence_bytes);
  }
  return events;
}

}  // namespace

DiagnosisEngine::DiagnosisEngine(std::shared_ptr<const knowledge::CompiledKnowledge> knowledge,
                                 EngineOptions options)
    : knowledge_(std::move(knowledge)), options_(options) {}

ContainerDiagnosis DiagnosisEngine::diagnose(const kube::PodFacts& pod,
                                             const kube::ContainerFacts& container,
                                             const kube::ContainerLog& log) const {
  ContainerDiagnosis result = describe_container(pod, container, *knowledge_);
  result.warning_events = warning_events(pod, container, knowledge_->redactor(), options_);
  std::string_view text = text_to_scan(log, container.termination, options_.max_log_bytes, result);
  LogScan scan(*knowledge_, text);
  result.log_lines = scan.line_count();
  result.resources = resource_context(container, *knowledge_);
  Subject subject{pod,
                  container,
                  result.signal,
                  command_line_of(container),
                  scan,
                  result.resources,
                  declared_meaning(pod, container, knowledge_->set())};

  result.diagnoses = rank_causes(subject, *knowledge_, options_);
  cite_seen_in(knowledge_->set(), result.diagnoses);
  add_pod_context(pod, container, knowledge_->redactor(), result.diagnoses.front());
  if (result.log_origin != kube::LogOrigin::kNone && !uses_log_line(result.diagnoses.front())) {
    result.log_tail =
        log_tail(scan, knowledge_->redactor(),
                 LogTailLimits{options_.max_log_tail_lines, options_.max_log_tail_bytes,
                               options_.max_evidence_bytes});
  }
  result.notes = notes_that_hold(subject, *knowledge_, options_);
  if (auto fix = propose_fix(result.diagnoses.front().fix, pod, container)) {
    result.fixes.push_back(std::move(*fix));
  } else if (!result.diagnoses.front().fix.empty() && !pod.workload_unresolved.empty()) {
    result.evidence_notes.push_back("no fix: " + pod.workload_unresolved);
  }
  return result;
}

}  // namespace kexit::diagnose
