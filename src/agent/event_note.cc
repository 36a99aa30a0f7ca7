#include "agent/event_note.h"

#include <algorithm>
#include <optional>

#include "base/text.h"
#include "base/utf8_text.h"

namespace kexit::agent {
namespace {

// Each part is cut on its own first, so a huge evidence line cannot push the suggestion out.
constexpr std::size_t kMaxTitleBytes = 200;
constexpr std::size_t kMaxEvidenceBytes = 400;
constexpr std::size_t kMaxSuggestionBytes = 300;
// The Events a diagnosis rests on: a few, each message cut, so the log tail still fits.
constexpr std::size_t kMaxEventsBytes = 360;
constexpr std::size_t kMaxEventMessageBytes = 160;

// Valid UTF-8 on one line: a byte cut from a log or a pod is repaired before it is measured,
// so the apiserver never sees an invalid note.
std::string single_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : repair_utf8(trim(text))) {
    out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  return out;
}

// The log's last lines on one line within `max_bytes`: whole lines are dropped from the front,
// because the end of a log is closest to the exit; blank lines say nothing and are left out.
std::string log_tail_text(const std::vector<diagnose::Evidence>& tail, std::size_t max_bytes) {
  std::string text;
  for (auto line = tail.rbegin(); line != tail.rend(); ++line) {
    std::string content = single_line(line->text);
    if (content.empty()) {
      continue;
    }
    std::string part = "L" + std::to_string(line->line.value_or(0)) + " " + content;
    if (text.empty()) {
      text = truncate_utf8(part, max_bytes);
      continue;
    }
    if (part.size() + 3 + text.size() > max_bytes) {
      break;
    }
    text = part + " | " + text;
  }
  return text;
}

// "Killing x2: Container web failed liveness probe, will be restarted; Unhealthy x3: ...": the
// Events the top diagnosis used, in its order, with the message the engine redacted; whole
// Events past `max_bytes` are left out.
std::string event_evidence_text(const diagnose::Diagnosis& top, std::size_t max_bytes) {
  std::string text;
  for (const auto& evidence : top.evidence) {
    if (evidence.kind != diagnose::Evidence::Kind::kEvent || !evidence.event) {
      continue;
    }
    const kube::EventFacts& event = *evidence.event;
    std::string part = single_line(event.reason) + " x" + std::to_string(event.count) + ": " +
                       truncate_utf8(single_line(event.message), kMaxEventMessageBytes);
    std::string joined = text.empty() ? part : text + "; " + part;
    if (joined.size() > max_bytes) {
      break;
    }
    text = std::move(joined);
  }
  return text;
}

// Appends " LABEL" and what `part(room)` makes of the room left under the API limit, when it
// makes anything.
template <typename Part>
void append_bounded(std::string& note, std::string_view label, std::size_t max_bytes,
                    const Part& part) {
  if (note.size() + label.size() >= kMaxEventNoteBytes) {
    return;
  }
  std::string text = part(std::min(max_bytes, kMaxEventNoteBytes - note.size() - label.size()));
  if (!text.empty()) {
    note += std::string(label) + text;
  }
}

}  // namespace

std::string strongest_evidence(const diagnose::Diagnosis& diagnosis) {
  const auto& evidence = diagnosis.evidence;
  auto first = std::find_if(evidence.begin(), evidence.end(), [](const diagnose::Evidence& item) {
    return item.kind == diagnose::Evidence::Kind::kLogLine;
  });
  if (first == evidence.end()) {
    return evidence.empty() ? std::string() : evidence.front().text;
  }
  // The lines right after the first match are the rule's context lines: where a runtime writes
  // its message below the line that matched (a panic's location, then its message), the
  // message is what a person needs from the Event.
  std::string text = first->text;
  std::optional<std::size_t> previous = first->line;
  for (auto next = first + 1; next != evidence.end() && previous; ++next) {
    if (next->kind != diagnose::Evidence::Kind::kLogLine || next->line != *previous + 1) {
      break;
    }
    text += " " + next->text;
    previous = next->line;
  }
  return text;
}

std::string build_event_note(const diagnose::ContainerDiagnosis& diagnosis) {
  std::string note = "Container \"" + diagnosis.container + "\" exited with code " +
                     diagnose::exit_code_text(diagnosis.exit_code);
  if (!diagnosis.signal_name.empty()) {
    note += " (" + diagnosis.signal_name + ")";
  }
  if (diagnosis.diagnoses.empty()) {
    return truncate_utf8(single_line(note), kMaxEventNoteBytes);
  }
  const auto& top = diagnosis.diagnoses.front();
  note += ": " + top.cause;
  if (!top.title.empty()) {
    note += " (" + truncate_utf8(single_line(top.title), kMaxTitleBytes) + ")";
  }
  note += ".";
  std::string evidence = strongest_evidence(top);
  if (!evidence.empty()) {
    note += " Evidence: " + truncate_utf8(single_line(evidence), kMaxEvidenceBytes);
  }
  if (!top.suggestions.empty()) {
    note +=
        " Suggestion: " + truncate_utf8(single_line(knowledge::one_line(top.suggestions.front())),
                                        kMaxSuggestionBytes);
  }
  append_bounded(note, " Events: ", kMaxEventsBytes,
                 [&](std::size_t room) { return event_evidence_text(top, room); });
  append_bounded(note, " Log tail: ", kMaxEventNoteBytes,
                 [&](std::size_t room) { return log_tail_text(diagnosis.log_tail, room); });
  // The container, signal and cause are not cut on their own; the whole note is made one valid
  // line again before the final cut.
  return truncate_utf8(single_line(note), kMaxEventNoteBytes);
}

}  // namespace kexit::agent
