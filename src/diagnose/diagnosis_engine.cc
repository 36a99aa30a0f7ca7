#include "diagnose/diagnosis_engine.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/file_reading.h"
#include "base/text.h"
#include "base/utf8_text.h"
#include "diagnose/log_scan.h"
#include "diagnose/log_tail.h"
#include "diagnose/pem_markers.h"

namespace kexit::diagnose {
namespace {

using knowledge::CompiledConditions;

// Everything a condition may look at, derived once per container.
struct Subject {
  const kube::PodFacts& pod;
  const kube::ContainerFacts& container;
  std::optional<int> signal;
  std::string command_line;
  const LogScan& log;
};

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

class EvidenceCollector {
 public:
  EvidenceCollector(const LogScan& log, const knowledge::SecretRedactor& redactor,
                    const EngineOptions& options)
      : log_(log), redactor_(redactor), options_(options) {}

  void fact(std::string text) {
    text = truncate_utf8(redactor_.redact(text), options_.max_evidence_bytes);
    if (seen_facts_.insert(text).second) {
      facts_.push_back(Evidence{Evidence::Kind::kFact, std::move(text), std::nullopt});
    }
  }
  void log_line(std::size_t number) { lines_.insert(number); }
  void event(const kube::EventFacts& event) {
    kube::EventFacts shown = event;
    shown.message = truncate_utf8(redactor_.redact(event.message), options_.max_evidence_bytes);
    std::string text = shown.reason + ": " + shown.message;
    if (seen_facts_.insert(text).second) {
      events_.push_back(Evidence{Evidence::Kind::kEvent, std::move(text), std::nullopt, shown});
    }
  }

  // Adds the `count` lines after every log line collected so far.
  void add_context(int count) {
    std::vector<std::size_t> matched(lines_.begin(), lines_.end());
    for (std::size_t number : matched) {
      for (int offset = 1; offset <= count && number + offset <= log_.line_count(); ++offset) {
        lines_.insert(number + static_cast<std::size_t>(offset));
      }
    }
  }

  std::vector<Evidence> take() {
    std::vector<Evidence> evidence = std::move(facts_);
    evidence.insert(evidence.end(), events_.begin(), events_.end());
    std::vector<std::size_t> numbers(lines_.begin(), lines_.end());
    // Keep the last lines: they are closest to the exit.
    if (numbers.size() > options_.max_log_evidence) {
      numbers.erase(numbers.begin(),
                    numbers.end() - static_cast<std::ptrdiff_t>(options_.max_log_evidence));
    }
    for (std::size_t number : numbers) {
      std::string text = log_.in_pem_block(number)
                             ? std::string("[REDACTED PEM BLOCK]")
                             : truncate_utf8(printable(redactor_.redact(log_.line(number))),
                                             options_.max_evidence_bytes);
      evidence.push_back(Evidence{Evidence::Kind::kLogLine, std::move(text), number});
    }
    return evidence;
  }

 private:
  const LogScan& log_;
  const knowledge::SecretRedactor& redactor_;
  const EngineOptions& options_;
  std::vector<Evidence> facts_;
  std::vector<Evidence> events_;
  std::set<std::string> seen_facts_;
  std::set<std::size_t> lines_;
};

template <typename T>
bool contains(const std::vector<T>& list, const T& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string describe_probe(const char* kind, const kube::ProbeFacts& probe) {
  return std::string(kind) + " probe " + probe.handler + " " + probe.target + " (every " +
         std::to_string(probe.period_seconds) + "s, restart after " +
         std::to_string(probe.failure_threshold) + " failures, timeout " +
         std::to_string(probe.timeout_seconds) + "s)";
}

bool event_matches(const knowledge::CompiledEventCondition& condition,
                   const kube::EventFacts& event) {
  const auto& source = *condition.source;
  if (!source.reasons.empty() && !contains(source.reasons, event.reason)) {
    return false;
  }
  if (condition.message && !RE2::PartialMatch(event.message, *condition.message)) {
    return false;
  }
  return !condition.component || RE2::PartialMatch(event.source, *condition.component);
}

// The latest matching Event about the container (or its pod as a whole; or its node).
const kube::EventFacts* find_event(const knowledge::CompiledEventCondition& condition,
                                   const Subject& subject) {
  const auto& events = condition.source->node ? subject.pod.node_events : subject.pod.events;
  const kube::EventFacts* found = nullptr;
  for (const auto& event : events) {
    if (!condition.source->node && !kube::concerns_container(event, subject.container.name)) {
      continue;
    }
    // RFC 3339 times in one zone compare as text.
    if (event_matches(condition, event) && (!found || event.last_time >= found->last_time)) {
      found = &event;
    }
  }
  return found;
}

// Every event condition must find its Event; the ones found go to `found`.
bool events_hold(const CompiledConditions& conditions, const Subject& subject,
                 std::vector<const kube::EventFacts*>& found) {
  for (const auto& condition : conditions.events) {
    const kube::EventFacts* event = find_event(condition, subject);
    if (event == nullptr) {
      return false;
    }
    found.push_back(event);
  }
  return true;
}

// Checks every condition of one block; on success appends what held to `evidence`.
bool holds(const CompiledConditions& conditions, const Subject& subject,
           EvidenceCollector* evidence) {
  const auto& source = *conditions.source;
  const auto& container = subject.container;
  const auto& termination = container.termination;
  std::vector<std::string> facts;
  std::vector<std::size_t> lines;
  std::vector<const kube::EventFacts*> events;

  if (!source.exit_codes.empty()) {
    // An unknown exit code matches no listed code: a rule that needs one cannot be shown to hold.
    if (!termination.exit_code || !contains(source.exit_codes, *termination.exit_code)) {
      return false;
    }
    facts.push_back("exit code " + std::to_string(*termination.exit_code));
  }
  if (!conditions.signal_numbers.empty()) {
    if (!subject.signal || !contains(conditions.signal_numbers, *subject.signal)) {
      return false;
    }
    facts.push_back("killed by signal " + std::to_string(*subject.signal));
  }
  if (!source.reasons.empty()) {
    if (!contains(source.reasons, termination.reason)) {
      return false;
    }
    facts.push_back("termination reason " + termination.reason);
  }
  if (!source.pod_reasons.empty()) {
    if (!contains(source.pod_reasons, subject.pod.reason)) {
      return false;
    }
    facts.push_back("pod status reason " + subject.pod.reason);
    if (!subject.pod.message.empty()) {
      facts.push_back("pod status message: " + std::string(trim(subject.pod.message)));
    }
  }
  if (!source.waiting_reasons.empty()) {
    if (!contains(source.waiting_reasons, container.waiting_reason)) {
      return false;
    }
    facts.push_back("container now waiting: " + container.waiting_reason);
  }
  if (!source.outcomes.empty()) {
    if (!contains(source.outcomes, container.outcome)) {
      return false;
    }
    if (container.outcome != kube::ContainerOutcome::kTerminated) {
      facts.push_back(std::string("container ") + kube::to_string(container.outcome));
    }
  }
  if (!source.container_types.empty()) {
    if (!contains(source.container_types, container.kind)) {
      return false;
    }
    facts.push_back(std::string(kube::to_string(container.kind)) + " container");
  }
  const std::pair<const std::unique_ptr<RE2>*, std::pair<const char*, const std::string*>>
      text_fields[] = {
          {&conditions.container_name, {"container name ", &container.name}},
          {&conditions.image, {"image ", &container.image}},
          {&conditions.command, {"command: ", &subject.command_line}},
      };
  for (const auto& [regex, label] : text_fields) {
    if (!*regex) {
      continue;
    }
    if (!RE2::PartialMatch(*label.second, **regex)) {
      return false;
    }
    facts.push_back(label.first + *label.second);
  }
  if (conditions.message) {
    const std::string* matched = nullptr;
    for (const std::string* text :
         {&termination.message, &subject.pod.message, &container.waiting_message}) {
      if (!text->empty() && RE2::PartialMatch(*text, *conditions.message)) {
        matched = text;
        break;
      }
    }
    if (matched == nullptr) {
      return false;
    }
    facts.push_back("termination message: " + std::string(trim(*matched)));
  }
  for (const auto& [name, regex] : conditions.labels) {
    auto label = subject.pod.labels.find(name);
    if (label == subject.pod.labels.end() || !regex || !RE2::PartialMatch(label->second, *regex)) {
      return false;
    }
    facts.push_back("label " + name + "=" + label->second);
  }
  for (const auto& [name, regex] : conditions.env) {
    if (!contains(container.env_names, name)) {
      return false;
    }
    auto value = container.env_values.find(name);
    std::string text = value == container.env_values.end() ? "" : value->second;
    if (!regex || !RE2::PartialMatch(text, *regex)) {
      return false;
    }
    facts.push_back("env " + name + (text.empty() ? " is set" : "=" + text));
  }
  if (source.liveness_probe) {
    const auto& probe =
        container.liveness_probe ? container.liveness_probe : container.startup_probe;
    if (probe.has_value() != *source.liveness_probe) {
      return false;
    }
    facts.push_back(probe
                        ? describe_probe(container.liveness_probe ? "liveness" : "startup", *probe)
                        : std::string("no liveness or startup probe"));
  }
  if (source.memory_limit) {
    if (container.memory_limit.empty() == *source.memory_limit) {
      return false;
    }
    facts.push_back(container.memory_limit.empty() ? "no memory limit"
                                                   : "memory limit " + container.memory_limit);
  }
  if (source.restart_count_min) {
    if (container.restart_count < *source.restart_count_min) {
      return false;
    }
    facts.push_back("restarted " + std::to_string(container.restart_count) + " times");
  }
  if (conditions.pod_condition) {
    auto condition = std::find_if(subject.pod.conditions.begin(), subject.pod.conditions.end(),
                                  [&](const std::string& text) {
                                    return RE2::PartialMatch(text, *conditions.pod_condition);
                                  });
    if (condition == subject.pod.conditions.end()) {
      return false;
    }
    facts.push_back("pod condition " + *condition);
  }
  if (!events_hold(conditions, subject, events)) {
    return false;
  }
  if (!conditions.log_any.empty()) {
    bool any = false;
    for (int index : conditions.log_any) {
      const auto& hit = subject.log.hits(index);
      if (hit.count > 0) {
        any = true;
        lines.insert(lines.end(), hit.last_lines.begin(), hit.last_lines.end());
      }
    }
    if (!any) {
      return false;
    }
  }
  for (int index : conditions.log_all) {
    const auto& hit = subject.log.hits(index);
    if (hit.count == 0) {
      return false;
    }
    lines.insert(lines.end(), hit.last_lines.begin(), hit.last_lines.end());
  }
  if (evidence != nullptr) {
    for (auto& fact : facts) {
      evidence->fact(std::move(fact));
    }
    for (std::size_t line : lines) {
      evidence->log_line(line);
    }
    for (const kube::EventFacts* event : events) {
      evidence->event(*event);
    }
  }
  return true;
}

// Suggestions name the pod and container as POD, CONTAINER, NAMESPACE, IMAGE and NODE; a command
// the user can paste has the real names. POD becomes "NAME -n NAMESPACE" because it stands where
// kubectl takes the object name.
std::string with_names(const std::string& suggestion, const kube::PodFacts& pod,
                       const kube::ContainerFacts& container) {
  static const RE2 kPod(R"(\bPOD\b)");
  static const RE2 kContainer(R"(\bCONTAINER\b)");
  static const RE2 kNamespace(R"(\bNAMESPACE\b)");
  static const RE2 kImage(R"(\bIMAGE\b)");
  static const RE2 kNode(R"(\bNODE\b)");
  if (pod.name.empty()) {
    return suggestion;
  }
  std::string text = suggestion;
  // RE2 rewrites treat backslashes specially; Kubernetes names never contain them.
  RE2::GlobalReplace(&text, kNamespace, pod.namespace_name);
  RE2::GlobalReplace(&text, kPod, pod.name + " -n " + pod.namespace_name);
  RE2::GlobalReplace(&text, kContainer, container.name);
  if (!container.image.empty()) {
    RE2::GlobalReplace(&text, kImage, container.image);
  }
  if (!pod.node.empty()) {
    RE2::GlobalReplace(&text, kNode, pod.node);
  }
  return text;
}

// Why a signal ended the process, when no rule said more.
std::string signal_explanation(const std::optional<int>& code, int signal, const std::string& name,
                               const knowledge::SignalDefinition* definition) {
  std::string text = code ? "Exit code " + std::to_string(*code) + " is 128 + " +
                                std::to_string(signal) + ": the process was ended by " + name
                          : "The process was ended by " + name;
  text += (definition ? " (" + definition->summary + ")" : "") + ".";
  if (definition && !definition->usual_senders.empty()) {
    text += " In containers it usually comes from: " + definition->usual_senders + ".";
  }
  return text + " No rule in the knowledge base matched more evidence.";
}

// A container that never ran, or a pod that failed as a whole, that no rule knows: its
// status still says what the kubelet saw.
void explain_without_exit(const kube::PodFacts& pod, const kube::ContainerFacts& container,
                          Diagnosis& diagnosis) {
  diagnosis.rule_id = "engine.not-started";
  const bool pod_failed = container.outcome == kube::ContainerOutcome::kPodFailed;
  const std::string& reason = pod_failed ? pod.reason : container.waiting_reason;
  const std::string& message = pod_failed ? pod.message : container.waiting_message;
  diagnosis.title = pod_failed ? "The pod failed as a whole" : "The container never started";
  if (!reason.empty()) {
    diagnosis.title += ": " + reason;
    diagnosis.evidence.push_back(Evidence{
        Evidence::Kind::kFact, (pod_failed ? "pod status reason " : "container waiting: ") + reason,
        std::nullopt});
  }
  if (!message.empty()) {
    diagnosis.evidence.push_back(
        Evidence{Evidence::Kind::kFact, "message: " + std::string(trim(message)), std::nullopt});
  }
  diagnosis.explanation =
      "No rule in the knowledge base matched this " +
      std::string(pod_failed ? "pod failure" : "start failure") +
      ". The status reason and message above are the kubelet's own words; the pod's Events "
      "usually say more.";
}

Diagnosis fallback_diagnosis(const kube::PodFacts& pod, const kube::ContainerFacts& container,
                             std::optional<int> signal, const knowledge::KnowledgeSet& set) {
  const std::optional<int>& code = container.termination.exit_code;
  Diagnosis diagnosis;
  diagnosis.cause = "application-exit-code";
  diagnosis.confidence = 0.1;
  diagnosis.level = level_of(diagnosis.confidence);
  if (code) {
    diagnosis.evidence.push_back(
        Evidence{Evidence::Kind::kFact, "exit code " + std::to_string(*code), std::nullopt});
  }
  const knowledge::SignalDefinition* definition = signal ? set.find_signal(*signal) : nullptr;
  if (container.outcome != kube::ContainerOutcome::kTerminated) {
    explain_without_exit(pod, container, diagnosis);
  } else if (signal) {
    std::string name = definition ? definition->name : "signal " + std::to_string(*signal);
    diagnosis.rule_id = "engine.signal-exit";
    diagnosis.title = "Killed by " + name;
    diagnosis.explanation = signal_explanation(code, *signal, name, definition);
  } else if (code) {
    diagnosis.rule_id = "engine.exit-code";
    diagnosis.title = "The program exited with code " + std::to_string(*code);
    diagnosis.explanation =
        "The program chose exit code " + std::to_string(*code) +
        " itself and no rule in the knowledge base matched the evidence, so its meaning is "
        "the application's. Its last log lines usually say why.";
  } else {
    diagnosis.rule_id = "engine.exit-code";
    diagnosis.title = "The program exited; its exit code is not known";
    diagnosis.explanation =
        "The exit code was not given and no rule in the knowledge base matched the evidence. "
        "The container's status and its last log lines usually say why.";
  }
  if (container.outcome != kube::ContainerOutcome::kTerminated) {
    diagnosis.suggestions = {
        with_names("kubectl describe pod POD  # status and Events", pod, container),
        with_names(
            "kubectl get events -n NAMESPACE --field-selector involvedObject.name=" + pod.name, pod,
            container)};
    return diagnosis;
  }
  diagnosis.suggestions = {
      with_names("kubectl logs POD -c CONTAINER --previous --tail=100", pod, container),
      with_names("kubectl describe pod POD  # events: probes, kills, evictions", pod, container),
  };
  if (code) {
    diagnosis.suggestions.push_back("kexit explain " + std::to_string(*code) +
                                    "  # every known meaning of this number");
  }
  return diagnosis;
}

}  // namespace

DiagnosisEngine::DiagnosisEngine(std::shared_ptr<const knowledge::CompiledKnowledge> knowledge,
                                 EngineOptions options)
    : knowledge_(std::move(knowledge)), options_(options) {}

ContainerDiagnosis DiagnosisEngine::diagnose(const kube::PodFacts& pod,
                                             const kube::ContainerFacts& container,
                                             const kube::ContainerLog& log) const {
  ContainerDiagnosis result;
  const auto& termination = container.termination;
  result.namespace_name = pod.namespace_name;
  result.pod = pod.name;
  result.pod_uid = pod.uid;
  result.container = container.name;
  result.container_kind = container.kind;
  result.image = container.image;
  result.exit_code = termination.exit_code;
  result.signal = signal_of(termination);
  if (result.signal) {
    const auto* definition = knowledge_->set().find_signal(*result.signal);
    result.signal_name = definition ? definition->name : "";
  }
  result.reason = termination.reason;
  result.message = knowledge_->redactor().redact(termination.message);
  result.restart_count = container.restart_count;
  result.finished_at = termination.finished_at;
  result.container_id = termination.container_id;
  result.slot = container.slot;
  result.outcome = container.outcome;
  result.waiting_reason = container.waiting_reason;
  result.waiting_message = knowledge_->redactor().redact(container.waiting_message);
  result.node = pod.node;
  result.pod_reason = pod.reason;
  result.pod_message = knowledge_->redactor().redact(pod.message);
  result.evidence_notes = pod.evidence_notes;

  // Without a log, the termination message is the log: with FallbackToLogsOnError it holds
  // the log's tail, and runtimes put their start errors there.
  kube::ContainerLog effective = log;
  // An empty log is as good as none: a container that never started (StartError) has only
  // the runtime's message.
  const bool log_empty = trim(effective.text).empty();
  if ((effective.origin == kube::LogOrigin::kNone || log_empty) && !termination.message.empty()) {
    if (effective.origin != kube::LogOrigin::kNone && effective.note.empty()) {
      effective.note = "the log is empty; read the termination message instead";
    }
    effective.origin = kube::LogOrigin::kTerminationMessage;
    effective.text = termination.message;
  }
  FileTail tail = tail_of(std::move(effective.text), options_.max_log_bytes);
  result.log_origin = effective.origin;
  result.log_truncated = effective.truncated || tail.truncated;
  result.log_note = effective.note;

  LogScan scan(*knowledge_, tail.text);
  result.log_lines = scan.line_count();
  std::string command_line = join(container.command, " ");
  if (!container.args.empty()) {
    command_line += (command_line.empty() ? "" : " ") + join(container.args, " ");
  }
  Subject subject{pod, container, result.signal, command_line, scan};

  std::vector<Diagnosis> candidates;
  for (const auto& rule : knowledge_->rules()) {
    EvidenceCollector evidence(scan, knowledge_->redactor(), options_);
    if (!holds(rule.when, subject, &evidence)) {
      continue;
    }
    bool excluded = std::any_of(rule.unless.begin(), rule.unless.end(), [&](const auto& unless) {
      return holds(unless, subject, nullptr);
    });
    if (excluded) {
      continue;
    }
    double confidence = rule.rule->weight;
    std::vector<std::string> absent;
    for (std::size_t b = 0; b < rule.boosts.size(); ++b) {
      if (holds(rule.boosts[b].second, subject, &evidence)) {
        confidence += rule.boosts[b].first;
      } else if (!rule.rule->boosts[b].if_absent.empty()) {
        absent.push_back(rule.rule->boosts[b].if_absent);
      }
    }
    evidence.add_context(rule.rule->context_lines);
    Diagnosis diagnosis;
    diagnosis.cause = rule.rule->cause;
    diagnosis.rule_id = rule.rule->id;
    diagnosis.title = rule.rule->title;
    diagnosis.confidence = std::min(0.99, confidence);
    diagnosis.level = level_of(diagnosis.confidence);
    diagnosis.evidence = evidence.take();
    diagnosis.explanation = rule.rule->explanation;
    for (const auto& suggestion : rule.rule->suggestions) {
      diagnosis.suggestions.push_back(with_names(suggestion, pod, container));
    }
    diagnosis.references = rule.rule->references;
    diagnosis.absent = std::move(absent);
    candidates.push_back(std::move(diagnosis));
  }
  // A full ranking key, so equal scores never come out in a different order.
  std::sort(candidates.begin(), candidates.end(), [](const Diagnosis& a, const Diagnosis& b) {
    if (a.confidence != b.confidence) {
      return a.confidence > b.confidence;
    }
    return a.rule_id < b.rule_id;
  });
  std::set<std::string> causes_seen;
  for (auto& candidate : candidates) {
    if (causes_seen.insert(candidate.cause).second) {
      result.diagnoses.push_back(std::move(candidate));
    }
  }
  if (result.diagnoses.empty()) {
    result.diagnoses.push_back(
        fallback_diagnosis(pod, container, result.signal, knowledge_->set()));
  }
  if (result.log_origin != kube::LogOrigin::kNone && !uses_log_line(result.diagnoses.front())) {
    result.log_tail =
        log_tail(scan, knowledge_->redactor(),
                 LogTailLimits{options_.max_log_tail_lines, options_.max_log_tail_bytes,
                               options_.max_evidence_bytes});
  }

  for (const auto& note : knowledge_->notes()) {
    EvidenceCollector evidence(scan, knowledge_->redactor(), options_);
    if (holds(note.when, subject, &evidence)) {
      result.notes.push_back(Note{note.note->id, note.note->title, note.note->explanation,
                                  evidence.take(), note.note->references});
    }
  }
  return result;
}

}  // namespace kexit::diagnose
