#include "report/text_report.h"

#include <cstdio>
#include <sstream>

#include "base/text.h"
#include "report/next_step_output.h"
#include "report/painter.h"

namespace kexit::report {
namespace {

std::string confidence_text(const diagnose::Diagnosis& diagnosis) {
  char number[16];
  std::snprintf(number, sizeof number, "%.2f", diagnosis.confidence);
  return std::string(diagnose::to_string(diagnosis.level)) + " " + number;
}

std::string log_description(const diagnose::ContainerDiagnosis& container) {
  std::string text;
  switch (container.log_origin) {
    case kube::LogOrigin::kNone:
      text = "no log";
      break;
    case kube::LogOrigin::kPreviousLog:
      text = "previous log, " + std::to_string(container.log_lines) + " lines";
      break;
    case kube::LogOrigin::kCurrentLog:
      text = "log, " + std::to_string(container.log_lines) + " lines";
      break;
    case kube::LogOrigin::kTerminationMessage:
      text = "termination message";
      break;
  }
  if (container.log_truncated) {
    text += " (tail)";
  }
  if (!container.log_note.empty()) {
    text += "; " + container.log_note;
  }
  return text;
}

// As kubectl describe shows an Event, with its absolute last time: "event Warning Unhealthy
// (kubelet, x3, last 2026-12-06T10:00:00Z): Liveness probe failed: ...".
std::string event_line(const kube::EventFacts& event) {
  std::string where = event.source;
  if (event.count > 1) {
    where += (where.empty() ? "x" : ", x") + std::to_string(event.count);
  }
  if (!event.last_time.empty()) {
    where += (where.empty() ? "last " : ", last ") + event.last_time;
  }
  std::string head = "event " + (event.type.empty() ? "" : event.type + " ") + event.reason;
  if (event.object_kind == "Node") {
    head += " on node " + event.object_name;
  }
  return head + (where.empty() ? "" : " (" + where + ")") + ": " + event.message;
}

void render_evidence(std::ostringstream& out, const std::vector<diagnose::Evidence>& evidence,
                     const Painter& painter, const std::string& indent) {
  for (const auto& item : evidence) {
    if (item.kind == diagnose::Evidence::Kind::kFact) {
      out << indent << "- " << item.text << "\n";
    } else if (item.kind == diagnose::Evidence::Kind::kEvent) {
      out << indent << "- " << event_line(*item.event) << "\n";
    } else {
      // A blank log line gets no trailing blanks.
      out << indent << painter.cyan("L" + std::to_string(item.line.value_or(0)))
          << (item.text.empty() ? "" : "  " + item.text) << "\n";
    }
  }
}

// What kubectl's users call the kind: an init container fails as "Init:CrashLoopBackOff", and a
// native sidecar is one by its restartPolicy, not by a list of its own.
const char* kind_words(kube::ContainerKind kind) {
  switch (kind) {
    case kube::ContainerKind::kInit:
      return "init container";
    case kube::ContainerKind::kSidecar:
      return "sidecar";
    case kube::ContainerKind::kEphemeral:
      return "ephemeral container";
    case kube::ContainerKind::kRegular:
      break;
  }
  return "container";
}

// The container's line, the image and what was read, and the evidence notes.
void render_header(std::ostringstream& out, const diagnose::ContainerDiagnosis& container,
                   const Painter& painter) {
  std::string exit = container.outcome == kube::ContainerOutcome::kTerminated
                         ? "exit " + diagnose::exit_code_text(container.exit_code)
                         : kube::to_string(container.outcome);
  if (container.signal) {
    exit += " (" +
            (container.signal_name.empty() ? "signal " + std::to_string(*container.signal)
                                           : container.signal_name) +
            ")";
  }
  out << painter.bold(container.namespace_name + "/" + container.pod) << "  container "
      << painter.bold(container.container);
  if (container.container_kind != kube::ContainerKind::kRegular) {
    out << " (" << kind_words(container.container_kind) << ")";
  }
  out << "  " << painter.red(exit);
  if (!container.reason.empty()) {
    out << "  reason " << container.reason;
  }
  out << "  restarts " << container.restart_count;
  if (!container.waiting_reason.empty()) {
    out << "  now " << container.waiting_reason;
  }
  out << "\n";
  out << painter.dim("image " + container.image + "   read: " + log_description(container)) << "\n";
  for (const auto& note : container.evidence_notes) {
    out << painter.dim("note: " + note) << "\n";
  }
}

// True when a diagnosis shown shows an Event: then the kubelet's words are already there.
bool shows_event(const diagnose::ContainerDiagnosis& container) {
  for (const auto& diagnosis : container.diagnoses) {
    for (const auto& item : diagnosis.evidence) {
      if (item.kind == diagnose::Evidence::Kind::kEvent) {
        return true;
      }
    }
  }
  return false;
}

// The memory limit beside the heap flags, the probes' timing beside the run.
void render_resources(std::ostringstream& out, const diagnose::ResourceContext& resources,
                      const TextStyle& style, const Painter& painter) {
  if (resources.empty()) {
    return;
  }
  out << "\n  " << painter.bold("resources:") << "\n";
  for (const auto& setting : resources.heap) {
    out << "   - " << wrap(setting.text, style.width - 6, "     ") << "\n";
  }
  for (const auto& probe : resources.probes) {
    out << "   - " << wrap(probe.text, style.width - 6, "     ") << "\n";
  }
}

// What the kubelet said when no rule used it, so the reader still sees it.
void render_warning_events(std::ostringstream& out, const diagnose::ContainerDiagnosis& container,
                           const Painter& painter) {
  if (container.warning_events.empty() || shows_event(container)) {
    return;
  }
  out << "\n  " << painter.bold("Events (Warning, newest first; no rule used them):") << "\n";
  for (const auto& event : container.warning_events) {
    out << "   - " << event_line(event) << "\n";
  }
}

// Commands stay on one line whatever the width, so a copy from the terminal pastes whole; only
// the prose around them wraps.
void render_fixes(std::ostringstream& out, const std::vector<diagnose::FixProposal>& fixes,
                  const TextStyle& style, const Painter& painter) {
  if (fixes.empty()) {
    return;
  }
  out << "\n  " << painter.bold("Fixes") << "\n";
  for (std::size_t i = 0; i < fixes.size(); ++i) {
    const auto& fix = fixes[i];
    out << "   " << i + 1 << ". " << fix.kind << " on " << fix.target << "\n";
    out << "      changes: " << wrap(fix.changes, style.width - 15, "               ") << "\n";
    out << "      risk: " << wrap(fix.risk, style.width - 12, "            ") << "\n";
    if (!fix.command.empty()) {
      out << "      check first (the server validates it and stores nothing):\n";
      out << "        " << fix.dry_run_command << "\n";
      out << "      then apply:\n";
      out << "        " << fix.command << "\n";
    }
    if (!fix.manifest.empty()) {
      out << "      in the manifest:\n";
      for (auto line : split(fix.manifest, '\n')) {
        if (!line.empty()) {
          out << "        " << line << "\n";
        }
      }
    }
  }
}

void render_container(std::ostringstream& out, const diagnose::ContainerDiagnosis& container,
                      const TextStyle& style, const Painter& painter) {
  render_header(out, container, painter);
  for (std::size_t i = 0; i < container.diagnoses.size(); ++i) {
    const auto& diagnosis = container.diagnoses[i];
    const std::string number = std::to_string(i + 1) + ". ";
    std::string headline = number + painter.bold(diagnosis.cause) + "  " +
                           painter.level(diagnosis.level, "[" + confidence_text(diagnosis) + "]") +
                           "  " + diagnosis.title;
    if (i > 0) {
      // Alternatives stay on one line; -o json has their detail.
      out << "  " << headline << painter.dim("  (" + diagnosis.rule_id + ")") << "\n";
      continue;
    }
    out << "\n  " << headline << "\n";
    out << "     " << painter.dim("rule " + diagnosis.rule_id) << "\n";
    if (style.seen_in == SeenIn::kShow) {
      for (const auto& report : diagnosis.seen_in) {
        out << "     seen in: " << report.url << "\n";
      }
    }
    out << "     evidence:\n";
    render_evidence(out, diagnosis.evidence, painter, "       ");
    for (const auto& absent : diagnosis.absent) {
      out << "     " << painter.dim("not found: ")
          << wrap(absent, style.width - 16, "                ") << "\n";
    }
    if (diagnosis.base_rate) {
      out << "     base rate: "
          << wrap(diagnosis.base_rate->source, style.width - 16, "                ") << "\n";
    }
    if (!diagnosis.explanation.empty()) {
      out << "     why: " << wrap(diagnosis.explanation, style.width - 10, "          ") << "\n";
    }
    if (!diagnosis.suggestions.empty()) {
      out << "     next steps:\n";
      for (std::size_t s = 0; s < diagnosis.suggestions.size(); ++s) {
        out << "       " << s + 1 << ". "
            << step_text(diagnosis.suggestions[s], style.width - 10, "          ") << "\n";
      }
    }
    if (!diagnosis.references.empty()) {
      out << "     references:\n";
      for (const auto& reference : diagnosis.references) {
        out << "       " << painter.dim(reference) << "\n";
      }
    }
    if (container.diagnoses.size() > 1) {
      out << "\n     also possible:\n";
    }
  }
  if (!container.log_tail.empty()) {
    out << "\n  " << painter.bold("last lines of the log (the diagnosis used none):") << "\n";
    render_evidence(out, container.log_tail, painter, "     ");
  }
  render_fixes(out, container.fixes, style, painter);
  render_resources(out, container.resources, style, painter);
  render_warning_events(out, container, painter);
  if (!container.notes.empty()) {
    out << "\n  " << painter.bold("not the cause:") << "\n";
    for (const auto& note : container.notes) {
      out << "   - " << wrap(note.title, style.width - 6, "     ") << "\n";
      render_evidence(out, note.evidence, painter, "       ");
    }
  }
}

}  // namespace

std::string wrap(const std::string& text, std::size_t width, const std::string& indent) {
  std::string out;
  std::size_t column = 0;
  bool first_word = true;
  const std::string trimmed(trim(text));
  for (auto word_view : split(trimmed, ' ')) {
    std::string word(word_view);
    if (word.empty()) {
      continue;
    }
    // Keep explicit line breaks from the knowledge text.
    std::size_t newline;
    while ((newline = word.find('\n')) != std::string::npos) {
      out += (first_word ? "" : " ") + word.substr(0, newline) + "\n" + indent;
      word = word.substr(newline + 1);
      column = 0;
      first_word = true;
    }
    if (!first_word && column + 1 + word.size() > width) {
      out += "\n" + indent;
      column = 0;
      first_word = true;
    }
    out += (first_word ? "" : " ") + word;
    column += word.size() + (first_word ? 0 : 1);
    first_word = false;
  }
  return out;
}

std::string render_text(const std::vector<diagnose::ContainerDiagnosis>& containers,
                        const TextStyle& style) {
  Painter painter(style.color);
  std::ostringstream out;
  for (std::size_t i = 0; i < containers.size(); ++i) {
    if (i > 0) {
      out << "\n" << std::string(std::min<std::size_t>(style.width, 60), '-') << "\n\n";
    }
    render_container(out, containers[i], style, painter);
  }
  return out.str();
}

}  // namespace kexit::report
