#pragma once
// The knowledge base as loaded from YAML: causes, signals, rules, notes, meanings, golden cases.
// Plain data; patterns are still text here (see compiled_knowledge.h).

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "knowledge/next_step.h"
#include "knowledge/seen_report.h"
#include "kube/pod_facts.h"

namespace kexit::knowledge {

// One Event that must be among the container's (or its node's) Events: any of `reasons`, a
// message and a reporting component matching their patterns. See knowledge/README.md.
struct EventCondition {
  std::vector<std::string> reasons;
  std::optional<std::string> message;
  std::optional<std::string> source;
  // The node's Events instead of the pod's.
  bool node = false;
  std::string where;

  // Field by field: the model read from YAML and from the built-in image must be equal.
  bool operator==(const EventCondition&) const = default;
};

// Conditions that all must hold; see knowledge/README.md for their meaning.
struct ConditionSet {
  std::vector<int> exit_codes;
  std::vector<std::string> signals;
  std::vector<std::string> reasons;
  std::vector<std::string> pod_reasons;
  std::vector<std::string> waiting_reasons;
  std::vector<kube::ContainerKind> container_types;
  std::vector<kube::ContainerOutcome> outcomes;
  std::optional<std::string> container_name;
  std::optional<std::string> image;
  std::optional<std::string> command;
  std::optional<std::string> message;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> env;
  std::optional<bool> liveness_probe;
  std::optional<bool> memory_limit;
  // A runtime's heap ceiling (memory_flags:) is above the container's memory limit.
  std::optional<bool> heap_above_limit;
  // Another app container or native sidecar of the pod started its current run after this
  // instance started, and no later than shortly after it ended (RunningContainer).
  std::optional<bool> neighbour_started_later;
  // The container exited 0 after an app container of the pod had finished, with none running
  // (kube::stopped_after_app): a sidecar stopping with its pod.
  std::optional<bool> stopped_after_app;
  // The exit code has a meaning its workload declares: the pod's annotation
  // kexit.io/exit-code-meanings, or a `program` meaning whose image pattern fits.
  std::optional<bool> declared_exit_code;
  std::optional<int> restart_count_min;
  // A pod condition that is not True, as "Type=Status: reason: message" (PodFacts::conditions).
  std::optional<std::string> pod_condition;
  std::vector<EventCondition> events;
  std::vector<std::string> log_any;
  std::vector<std::string> log_all;
  // file:line of the block.
  std::string where;

  bool operator==(const ConditionSet&) const = default;
};

struct Boost {
  double weight = 0;
  ConditionSet conditions;
  // Said in the diagnosis when the boost does not hold: the evidence that would have made the
  // cause surer and was not found ("no Unhealthy Event from the liveness probe").
  std::string if_absent;

  bool operator==(const Boost&) const = default;
};

struct Rule {
  std::string id;
  std::string cause;
  std::string title;
  double weight = 0;
  ConditionSet when;
  std::vector<ConditionSet> unless;
  std::vector<Boost> boosts;
  // Lines after each matching log line that are shown as evidence too (a message printed on
  // the line after its marker).
  int context_lines = 0;
  std::string explanation;
  std::vector<NextStep> suggestions;
  // The change that removes the cause, as one of kFixKinds ("" when no change is known): the
  // report turns it into a command against the pod's owner, with values from the evidence.
  std::string fix;
  std::vector<std::string> references;
  std::string where;

  bool operator==(const Rule&) const = default;
};

// The fixes a rule may name (`fix:`): raise-memory-limit sets the container's memory limit
// on the owner's template; relax-liveness-probe gives a start killed by its probe a longer
// startup budget; fail-fast-on-exit-code adds a Job podFailurePolicy rule for the exit code.
inline constexpr const char* kFixKinds[] = {"raise-memory-limit", "relax-liveness-probe",
                                            "fail-fast-on-exit-code"};

struct NoteRule {
  std::string id;
  std::string title;
  ConditionSet when;
  std::string explanation;
  std::vector<std::string> references;
  std::string where;

  bool operator==(const NoteRule&) const = default;
};

// A secret's shape, as its provider documents it: what the redactor replaces before any text
// is shown, written to an Event or stored.
struct SecretShape {
  std::string id;
  std::string provider;
  // RE2. The named group `secret` is what is replaced; without one, the whole match.
  std::string pattern;
  // RE2, anchored at the start of the captured secret: a value that is a reference, a lookup
  // or a placeholder (os.environ[...], ${VAR}, <password>) is no secret and is kept.
  std::vector<std::string> unless_value;
  // What stands in for the secret.
  std::string replacement = "[REDACTED]";
  std::vector<std::string> references;
  // Synthetic strings the redactor must change, and strings it must leave alone; kb lint
  // checks both, so a shape cannot silently stop working or start eating code.
  std::vector<std::string> examples;
  std::vector<std::string> not_examples;
  std::string where;
  // Derived from `pattern` (knowledge/secret_literals.h), never written in YAML: lower-case
  // strings of which every text the pattern matches holds one (empty: it needs none). Unset
  // until derived; the build stores them in the knowledge image.
  std::optional<std::vector<std::string>> literals;

  bool operator==(const SecretShape&) const = default;
};

struct Meaning {
  long long code = 0;
  std::string origin;
  std::string source;
  std::string summary;
  std::string cause;
  std::vector<std::string> runtimes;
  std::optional<std::string> image;
  std::string tell_apart;
  // Empty (no text, no command) when the meaning names nothing to check.
  NextStep check_first;
  std::vector<std::string> references;
  std::string where;

  bool operator==(const Meaning&) const = default;
};

struct CauseDefinition {
  std::string slug;
  std::string definition;
  std::string event_reason;
  std::string event_type;
  std::string where;

  bool operator==(const CauseDefinition&) const = default;
};

// A flag or variable that sets a runtime's memory ceiling (-Xmx, GOMEMLIMIT), so the engine can
// put it beside the container's memory limit.
struct MemoryFlag {
  std::string id;
  std::string runtime;
  // What it sizes ("heap") and what the rest of the limit is for ("non-heap").
  std::string label;
  std::string rest;
  // "size": an amount (the named groups `value` and `unit`, `unit` a key of `units`, each a
  // multiplier to bytes); "percent": a percentage of the memory limit (`value`).
  std::string measure;
  // Where the runtime reads it, in its order (the last found wins): "command" (command and
  // args), or the name of an environment variable.
  std::vector<std::string> sources;
  std::string pattern;
  std::map<std::string, long long> units;
  // Flags whose presence makes the runtime ignore this one.
  std::vector<std::string> ignored_with;
  std::vector<std::string> references;
  std::string where;

  bool operator==(const MemoryFlag&) const = default;
};

// One cause a base rate names, with its share of the terminations that look alike.
struct BaseRateCause {
  std::string cause;
  // Words for the cause in the report ("the kernel's OOM killer at the memory limit").
  std::string label;
  // Above 0, at most 1; a base rate's shares are ordered, most often first, and add up to at
  // most 1.
  double share = 0;
  std::string where;

  bool operator==(const BaseRateCause&) const = default;
};

// The corpus reports a rule diagnoses (knowledge/seen-in.yaml): at most kMaxSeenReports, each
// one whose thread established the rule's cause.
struct SeenIn {
  std::string rule;
  std::vector<SeenReport> reports;
  std::string where;

  bool operator==(const SeenIn&) const = default;
};
inline constexpr std::size_t kMaxSeenReports = 3;

// How kexit tells which runtime a container runs when no log says it: its image's name or its
// command line. Base rates may be keyed by the name (`runtime:`).
struct RuntimeSignature {
  std::string name;
  // RE2 patterns, partial matches; either may be empty, not both.
  std::string image;
  std::string command;
  std::vector<std::string> references;
  std::string where;

  bool operator==(const RuntimeSignature&) const = default;
};

// What is most likely for an exit code and termination reason when nothing else says why:
// used by ranking only when no diagnosis is backed by a reason, the termination message, a
// log line or an Event. `source` is a reference or the derivation from the corpus (the
// command and its counts), cited in the report.
struct BaseRate {
  std::string id;
  int exit_code = 0;
  // The termination reason; "" for none given.
  std::string reason;
  // `log: absent`: only when no log (nor termination message) was read.
  bool without_log = false;
  // A RuntimeSignature's name: only for a container of that runtime; "" for any.
  std::string runtime;
  std::string title;
  std::vector<BaseRateCause> causes;
  std::string source;
  std::string explanation;
  std::vector<NextStep> suggestions;
  std::vector<std::string> references;
  std::string where;

  bool operator==(const BaseRate&) const = default;
};

struct SignalDefinition {
  int number = 0;
  std::string name;
  std::string summary;
  std::string usual_senders;
  std::string where;

  bool operator==(const SignalDefinition&) const = default;
};

struct GoldenCase {
  std::string description;
  std::string container;
  std::string expect_cause;
  std::string expect_not_cause;
  // Optional: the rule that must (or must not) give the top cause, for rules that refine a
  // cause another rule also gives (a heap above the limit behind an OOM kill).
  std::string expect_rule;
  std::string expect_not_rule;
  nlohmann::json pod;
  std::map<std::string, std::string> logs;
  // Event objects (either API group) about the pod or its node.
  std::vector<nlohmann::json> events;
  // The case file, for messages ("knowledge/cases/spark/missing-jar.yaml").
  std::string where;

  bool operator==(const GoldenCase&) const = default;
};

// Everything loaded from a set of files. Later files override earlier ones by id or slug.
struct KnowledgeSet {
  std::vector<CauseDefinition> causes;
  std::vector<SignalDefinition> signals;
  std::vector<Rule> rules;
  std::vector<NoteRule> notes;
  std::vector<Meaning> meanings;
  std::vector<SecretShape> secrets;
  std::vector<MemoryFlag> memory_flags;
  std::vector<BaseRate> base_rates;
  std::vector<RuntimeSignature> runtimes;
  std::vector<SeenIn> seen_in;
  std::vector<GoldenCase> cases;

  const CauseDefinition* find_cause(const std::string& slug) const;
  const SignalDefinition* find_signal(int number) const;
  // Every cause's slug, sorted: what --cause takes and completion offers.
  std::vector<std::string> cause_slugs() const;

  bool operator==(const KnowledgeSet&) const = default;
};

// The origins `meanings` may name, in the order `kexit explain` groups them.
const std::vector<std::string>& meaning_origins();

}  // namespace kexit::knowledge
