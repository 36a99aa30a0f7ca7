#include "agent/event_note.h"

#include "base/text.h"
#include "base/utf8_text.h"

namespace kexit::agent {
namespace {

// Each part is cut on its own first, so a huge evidence line cannot push the suggestion out.
constexpr std::size_t kMaxTitleBytes = 200;
constexpr std::size_t kMaxEvidenceBytes = 400;
constexpr std::size_t kMaxSuggestionBytes = 300;

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

}  // namespace

std::string strongest_evidence(const diagnose::Diagnosis& diagnosis) {
  for (const auto& evidence : diagnosis.evidence) {
    if (evidence.kind == diagnose::Evidence::Kind::kLogLine) {
      return evidence.text;
    }
  }
  return diagnosis.evidence.empty() ? std::string() : diagnosis.evidence.front().text;
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
  static constexpr std::string_view kTailLabel = " Log tail: ";
  if (note.size() + kTailLabel.size() < kMaxEventNoteBytes) {
    std::string tail =
        log_tail_text(diagnosis.log_tail, kMaxEventNoteBytes - note.size() - kTailLabel.size());
    if (!tail.empty()) {
      note += std::string(kTailLabel) + tail;
    }
  }
  // The container, signal and cause are not cut on their own; the whole note is made one valid
  // line again before the final cut.
  return truncate_utf8(single_line(note), kMaxEventNoteBytes);
}

}  // namespace kexit::agent
