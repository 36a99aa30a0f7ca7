#pragma once
// Diagnosis and ContainerDiagnosis: the engine's answer for one terminated container.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "diagnose/fix_proposal.h"
#include "diagnose/resource_context.h"
#include "knowledge/next_step.h"
#include "knowledge/seen_report.h"
#include "kube/container_log.h"
#include "kube/pod_facts.h"

namespace kexit::diagnose {

enum class ConfidenceLevel { kLow, kMedium, kHigh };
const char* to_string(ConfidenceLevel level);
ConfidenceLevel level_of(double confidence);

// One thing that made a rule fire: a fact about the container, a log line or an Event, each
// redacted.
struct Evidence {
  enum class Kind { kFact, kLogLine, kEvent };
  Evidence() = default;
  Evidence(Kind kind_of, std::string text_of, std::optional<std::size_t> line_of = std::nullopt,
           std::optional<kube::EventFacts> event_of = std::nullopt)
      : kind(kind_of), text(std::move(text_of)), line(line_of), event(std::move(event_of)) {}

  Kind kind = Kind::kFact;
  std::string text;
  // For log lines: 1-based line number within the scanned log text.
  std::optional<std::size_t> line;
  // For Events: the Event, its message redacted.
  std::optional<kube::EventFacts> event;
};

// The base rate a diagnosis was ranked by, when no evidence said more (knowledge::BaseRate):
// what the report cites as its derivation.
struct BaseRateCitation {
  std::string id;
  // This cause's share of the terminations that look alike.
  double share = 0;
  std::string source;
};

struct Diagnosis {
  std::string cause;
  std::string rule_id;
  std::string title;
  double confidence = 0;
  ConfidenceLevel level = ConfidenceLevel::kLow;
  std::vector<Evidence> evidence;
  std::string explanation;
  // Next steps with the pod's names filled in (suggestion_names.h).
  std::vector<knowledge::NextStep> suggestions;
  // The rule's fix kind (knowledge::Rule::fix), "" when it knows none.
  std::string fix;
  std::vector<std::string> references;
  // Evidence that would have made the cause surer and was not found ("no Unhealthy Event from
  // the liveness probe").
  std::vector<std::string> absent;
  // Set when a base rate, not evidence, put this cause where it stands.
  std::optional<BaseRateCitation> base_rate;
  // Public reports of kexit's corpus that this rule diagnosed with this cause (seen_in.h).
  std::vector<knowledge::SeenReport> seen_in;
};

// True when the diagnosis shows at least one log line as evidence.
bool uses_log_line(const Diagnosis& diagnosis);

// Something in the log that looks related but does not explain the exit ("101 Switching
// Protocols" next to an exit code 101).
struct Note {
  std::string id;
  std::string title;
  std::string explanation;
  std::vector<Evidence> evidence;
  std::vector<std::string> references;
};

// "137", or "unknown" when the facts did not show the exit code.
std::string exit_code_text(const std::optional<int>& exit_code);

struct ContainerDiagnosis {
  std::string namespace_name;
  std::string pod;
  std::string pod_uid;
  std::string container;
  kube::ContainerKind container_kind = kube::ContainerKind::kRegular;
  std::string image;
  // Absent when the facts did not say (see kube::Termination).
  std::optional<int> exit_code;
  // The signal that ended the process, from the runtime's field or exit code 128+N.
  std::optional<int> signal;
  std::string signal_name;
  std::string reason;
  std::string message;  // redacted termination message
  int restart_count = 0;
  std::string finished_at;
  std::string container_id;
  kube::TerminationSlot slot = kube::TerminationSlot::kCurrent;
  kube::ContainerOutcome outcome = kube::ContainerOutcome::kTerminated;
  std::string waiting_reason;
  std::string waiting_message;  // redacted
  std::string node;
  // The pod's controller as "Kind/name" (ReplicaSet/api-7c9f8), else "": replicas of one
  // application share it.
  std::string owner;
  // The pod's status.reason and (redacted) message: Evicted, DeadlineExceeded, ...
  std::string pod_reason;
  std::string pod_message;
  // What the evidence lacks and why (kube::PodFacts::evidence_notes).
  std::vector<std::string> evidence_notes;
  kube::LogOrigin log_origin = kube::LogOrigin::kNone;
  bool log_truncated = false;
  std::size_t log_lines = 0;
  // Why the log is missing or replaced, e.g. "previous log gone; used the termination message".
  std::string log_note;
  // Best first; never empty for a terminated container.
  std::vector<Diagnosis> diagnoses;
  std::vector<Note> notes;
  // The pod's Warning Events about this container or the pod as a whole (messages redacted),
  // newest first, at most EngineOptions::max_warning_events: what the kubelet said, shown
  // whether or not a rule used it.
  std::vector<kube::EventFacts> warning_events;
  // The top diagnosis's fix against the pod's owner, when its rule knows one and the evidence
  // fills it in (FixProposal); kept apart from the diagnoses' suggestions, which are reading.
  std::vector<FixProposal> fixes;
  // The memory limit beside the runtime's heap flags, the probes' timing beside the run.
  ResourceContext resources;
  // The log's last lines (redacted) when the top diagnosis shows none, so a person sees what
  // kexit read; not evidence of any diagnosis. Empty when a rule used a log line or no log
  // was read.
  std::vector<Evidence> log_tail;
};

}  // namespace kexit::diagnose
