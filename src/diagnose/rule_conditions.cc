#include "diagnose/rule_conditions.h"

#include <algorithm>
#include <vector>

#include "base/text.h"
#include "kube/api_time.h"
#include "kube/stopped_with_pod.h"

namespace kexit::diagnose {
namespace {

using knowledge::CompiledConditions;

// What the checks of one block found, kept apart until the whole block holds.
struct Held {
  std::vector<std::string> facts;
  std::vector<std::size_t> lines;
  std::vector<const kube::EventFacts*> events;
};

// One check per condition kind: true when the condition is absent or holds.
using Check = bool (*)(const CompiledConditions&, const Subject&, Held&);

template <typename T>
bool contains(const std::vector<T>& list, const T& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool exit_code_holds(const CompiledConditions& conditions, const Subject& subject, Held& held) {
  const auto& codes = conditions.source->exit_codes;
  if (codes.empty()) {
    return true;
  }
  // An unknown exit code matches no listed code: a rule that needs one cannot be shown to hold.
  const auto& code = subject.container.termination.exit_code;
  if (!code || !contains(codes, *code)) {
    return false;
  }
  held.facts.push_back("exit code " + std::to_string(*code));
  return true;
}

bool signal_holds(const CompiledConditions& conditions, const Subject& subject, Held& held) {
  if (conditions.signal_numbers.empty()) {
    return true;
  }
  if (!subject.signal || !contains(conditions.signal_numbers, *subject.signal)) {
    return false;
  }
  held.facts.push_back("killed by signal " + std::to_string(*subject.signal));
  return true;
}

bool reason_holds(const CompiledConditions& conditions, const Subject& subject, Held& held) {
  const auto& reasons = conditions.source->reasons;
  const std::string& reason = subject.container.termination.reason;
  if (reasons.empty()) {
    return true;
  }
  if (!contains(reasons, reason)) {
    return false;
  }
  held.facts.push_back("termination reason " + reason);
  return true;
}

bool pod_reason_holds(const CompiledConditions& conditions, const Subject& subject, Held& held) {
  const auto& reasons = conditions.source->pod_reasons;
  const kube::PodFacts& pod = subject.pod;
  if (reasons.empty()) {
    return true;
  }
  if (!contains(reasons, pod.reason)) {
    return false;
  }
  held.facts.push_back("pod status reason " + pod.reason);
  if (!pod.message.empty()) {
    held.facts.push_back("pod status message: " + std::string(trim(pod.message)));
  }
  return true;
}

bool waiting_reason_holds(const CompiledConditions& conditions, const Subject& subject,
                          Held& held) {
  const auto& reasons = conditions.source->waiting_reasons;
  const std::string& reason = subject.container.waiting_reason;
  if (reasons.empty()) {
    return true;
  }
  if (!contains(reasons, reason)) {
    return false;
  }
  held.facts.push_back("container now waiting: " + reason);
  return true;
}

bool outcome_holds(const CompiledConditions& conditions, const Subject& subject, Held& held) {
  const auto& outcomes = conditions.source->outcomes;
  const kube::ContainerOutcome outcome = subject.container.outcome;
  if (outcomes.empty()) {
    return true;
  }
  if (!contains(outcomes, outcome)) {
    return false;
  }
  if (outcome != kube::ContainerOutcome::kTerminated) {
    held.facts.push_back(std::string("container ") + kube::to_string(outcome));
  }
  return true;
}

bool container_type_holds(const CompiledConditions& conditions, const Subject& subject,
                          Held& held) {
  const auto& types = conditions.source->container_types;
  if (types.empty()) {
    return true;
  }
  if (!contains(types, subject.container.kind)) {
    return false;
  }
  held.facts.push_back(std::string(kube::to_string(subject.container.kind)) + " container");
  return true;
}

bool text_field_holds(const std::unique_ptr<RE2>& regex, const char* label, const std::string& text,
                      Held& held) {
  if (!regex) {
    return true;
  }
  if (!RE2::PartialMatch(text, *regex)) {
    return false;
  }
  held.facts.push_back(label + text);
  return true;
}

bool text_fields_hold(const CompiledConditions& conditions, const Subject& subject, Held& held) {
  return text_field_holds(conditions.container_name, "container name ", subject.container.name,
                          held) &&
         text_field_holds(conditions.image, "image ", subject.container.image, held) &&
         text_field_holds(conditions.command, "command: ", subject.command_line, held);
}

// The runtime's termination message, the pod's status message or the waiting message.
bool message_holds(const CompiledConditions& conditions, const Subject& subject, Held& held) {
  if (!conditions.message) {
    return true;
  }
  for (const std::string* text : {&subject.container.termination.message, &subject.pod.message,
                                  &subject.container.waiting_message}) {
    if (!text->empty() && RE2::PartialMatch(*text, *conditions.message)) {
      held.facts.push_back("termination message: " + std::string(trim(*text)));
      return true;
    }
  }
  return false;
}

bool labels_hold(const CompiledConditions& conditions, const Subject& subject, Held& held) {
  for (const auto& [name, regex] : conditions.labels) {
    auto label = subject.pod.labels.find(name);
    if (label == subject.pod.labels.end() || !regex || !RE2::PartialMatch(label->second, *regex)) {
      return false;
    }
    held.facts.push_back("label " + name + "=" + label->second);
  }
  return true;
}

bool env_holds(const CompiledConditions& conditions, const Subject& subject, Held& held) {
  const kube::ContainerFacts& container = subject.container;
  for (const auto& [name, regex] : conditions.env) {
    if (!contains(container.env_names, name)) {
      return false;
    }
    auto value = container.env_values.find(name);
    std::string text = value == container.env_values.end() ? "" : value->second;
    if (!regex || !RE2::PartialMatch(text, *regex)) {
      return false;
    }
    held.facts.push_back("env " + name + (text.empty() ? " is set" : "=" + text));
  }
  return true;
}

std::string describe_probe(const char* kind, const kube::ProbeFacts& probe) {
  return std::string(kind) + " probe " + probe.handler + " " + probe.target + " (every " +
         std::to_string(probe.period_seconds) + "s, restart after " +
         std::to_string(probe.failure_threshold) + " failures, timeout " +
         std::to_string(probe.timeout_seconds) + "s)";
}

// A startup probe restarts the container as a liveness probe does, so either counts.
bool liveness_probe_holds(const CompiledConditions& conditions, const Subject& subject,
                          Held& held) {
  const std::optional<bool>& wanted = conditions.source->liveness_probe;
  if (!wanted) {
    return true;
  }
  const kube::ContainerFacts& container = subject.container;
  const auto& probe = container.liveness_probe ? container.liveness_probe : container.startup_probe;
  if (probe.has_value() != *wanted) {
    return false;
  }
  held.facts.push_back(
      probe ? describe_probe(container.liveness_probe ? "liveness" : "startup", *probe)
            : std::string("no liveness or startup probe"));
  return true;
}

bool memory_limit_holds(const CompiledConditions& conditions, const Subject& subject, Held& held) {
  const std::optional<bool>& wanted = conditions.source->memory_limit;
  const std::string& limit = subject.container.memory_limit;
  if (!wanted) {
    return true;
  }
  if (limit.empty() == *wanted) {
    return false;
  }
  held.facts.push_back(limit.empty() ? "no memory limit" : "memory limit " + limit);
  return true;
}

// A heap ceiling (-Xmx, --max-old-space-size, ...) above the container's memory limit, or not.
bool heap_above_limit_holds(const CompiledConditions& conditions, const Subject& subject,
                            Held& held) {
  const std::optional<bool>& wanted = conditions.source->heap_above_limit;
  if (!wanted) {
    return true;
  }
  if (subject.resources.heap_above_limit() != *wanted) {
    return false;
  }
  for (const auto& setting : subject.resources.heap) {
    if (setting.above_limit.value_or(false) == *wanted) {
      held.facts.push_back(setting.text);
    }
  }
  return true;
}

bool restart_count_holds(const CompiledConditions& conditions, const Subject& subject, Held& held) {
  const auto& minimum = conditions.source->restart_count_min;
  const int restarts = subject.container.restart_count;
  if (!minimum) {
    return true;
  }
  if (restarts < *minimum) {
    return false;
  }
  held.facts.push_back("restarted " + std::to_string(restarts) + " times");
  return true;
}

bool pod_condition_holds(const CompiledConditions& conditions, const Subject& subject, Held& held) {
  if (!conditions.pod_condition) {
    return true;
  }
  for (const std::string& text : subject.pod.conditions) {
    if (RE2::PartialMatch(text, *conditions.pod_condition)) {
      held.facts.push_back("pod condition " + text);
      return true;
    }
  }
  return false;
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

// Every event condition must find its Event.
bool events_hold(const CompiledConditions& conditions, const Subject& subject, Held& held) {
  for (const auto& condition : conditions.events) {
    const kube::EventFacts* event = find_event(condition, subject);
    if (event == nullptr) {
      return false;
    }
    held.events.push_back(event);
  }
  return true;
}

void add_hit_lines(const PatternHits& hit, Held& held) {
  held.lines.insert(held.lines.end(), hit.last_lines.begin(), hit.last_lines.end());
}

bool log_any_holds(const CompiledConditions& conditions, const Subject& subject, Held& held) {
  if (conditions.log_any.empty()) {
    return true;
  }
  bool any = false;
  for (int index : conditions.log_any) {
    const PatternHits& hit = subject.log.hits(index);
    if (hit.count > 0) {
      any = true;
      add_hit_lines(hit, held);
    }
  }
  return any;
}

bool log_all_holds(const CompiledConditions& conditions, const Subject& subject, Held& held) {
  for (int index : conditions.log_all) {
    const PatternHits& hit = subject.log.hits(index);
    if (hit.count == 0) {
      return false;
    }
    add_hit_lines(hit, held);
  }
  return true;
}

// How long after an instance ended a neighbour's start still counts: a proxy that came up a
// few seconds after the app gave up is the case this condition exists for, while a neighbour
// restarted minutes later has nothing to do with this instance.
constexpr std::chrono::seconds kNeighbourStartSlack{60};
// How long before the instance ended a neighbour may have started and still not have been
// ready: a proxy listens a few seconds after its process starts. A neighbour that started
// earlier was there when the instance failed, even if it came up after the instance did.
constexpr std::chrono::seconds kNeighbourReadyMargin{10};

// The neighbours (other app containers, native sidecars) whose current run began after this
// instance started, and no earlier than kNeighbourReadyMargin before it ended nor later than
// kNeighbourStartSlack after, as evidence lines.
std::vector<std::string> neighbours_started_later(const Subject& subject) {
  const kube::Termination& instance = subject.container.termination;
  const auto started = kube::parse_api_time(instance.started_at);
  const auto finished = kube::parse_api_time(instance.finished_at);
  std::vector<std::string> lines;
  if (!started || !finished) {
    return lines;
  }
  for (const auto& neighbour : subject.pod.running) {
    const auto since = kube::parse_api_time(neighbour.started_at);
    if (neighbour.name == subject.container.name || !since || *since <= *started ||
        *since < *finished - kNeighbourReadyMargin || *since > *finished + kNeighbourStartSlack) {
      continue;
    }
    lines.push_back(
        std::string(neighbour.kind == kube::ContainerKind::kSidecar ? "sidecar " : "container ") +
        neighbour.name + " running since " + neighbour.started_at +
        ", after this instance started (" + instance.started_at + ", exited " +
        instance.finished_at + "): it was not there, or not yet ready, when this instance failed");
  }
  return lines;
}

bool neighbour_started_later_holds(const CompiledConditions& conditions, const Subject& subject,
                                   Held& held) {
  const std::optional<bool>& wanted = conditions.source->neighbour_started_later;
  if (!wanted) {
    return true;
  }
  std::vector<std::string> lines = neighbours_started_later(subject);
  if (lines.empty() == *wanted) {
    return false;
  }
  held.facts.insert(held.facts.end(), lines.begin(), lines.end());
  return true;
}

bool stopped_after_app_holds(const CompiledConditions& conditions, const Subject& subject,
                             Held& held) {
  const std::optional<bool>& wanted = conditions.source->stopped_after_app;
  if (!wanted) {
    return true;
  }
  auto line = kube::stopped_after_app(subject.pod, subject.container);
  if (line.has_value() != *wanted) {
    return false;
  }
  if (line) {
    held.facts.push_back(std::move(*line));
  }
  return true;
}

bool declared_exit_code_holds(const CompiledConditions& conditions, const Subject& subject,
                              Held& held) {
  const std::optional<bool>& wanted = conditions.source->declared_exit_code;
  if (!wanted) {
    return true;
  }
  if (subject.declared.has_value() != *wanted) {
    return false;
  }
  if (subject.declared) {
    held.facts.push_back(declared_fact(*subject.declared));
  }
  return true;
}

// In the order their evidence is shown; the log checks come last because they cost most.
constexpr Check kChecks[] = {
    exit_code_holds,
    signal_holds,
    reason_holds,
    pod_reason_holds,
    waiting_reason_holds,
    outcome_holds,
    container_type_holds,
    text_fields_hold,
    message_holds,
    labels_hold,
    env_holds,
    liveness_probe_holds,
    memory_limit_holds,
    heap_above_limit_holds,
    neighbour_started_later_holds,
    stopped_after_app_holds,
    declared_exit_code_holds,
    restart_count_holds,
    pod_condition_holds,
    events_hold,
    log_any_holds,
    log_all_holds,
};

}  // namespace

bool holds(const CompiledConditions& conditions, const Subject& subject,
           EvidenceCollector* evidence) {
  Held held;
  for (Check check : kChecks) {
    if (!check(conditions, subject, held)) {
      return false;
    }
  }
  if (evidence != nullptr) {
    for (auto& fact : held.facts) {
      evidence->fact(std::move(fact));
    }
    for (std::size_t line : held.lines) {
      evidence->log_line(line);
    }
    for (const kube::EventFacts* event : held.events) {
      evidence->event(*event);
    }
  }
  return true;
}

}  // namespace kexit::diagnose
