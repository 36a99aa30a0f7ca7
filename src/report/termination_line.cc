#include "report/termination_line.h"

#include <cstdio>

#include "base/utf8_text.h"
#include "report/termination_row.h"

namespace kexit::report {
namespace {

// A field from the cluster or the knowledge base, kept on its one line.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') {
      c = ' ';
    }
  }
  return text;
}

// "exit 137 (SIGKILL)" as the summary table writes the code; the outcome when none ran.
std::string exit_part(const diagnose::ContainerDiagnosis& container) {
  return container.outcome == kube::ContainerOutcome::kTerminated
             ? "exit " + exit_text(container)
             : kube::to_string(container.outcome);
}

// "oom-killed  high 0.95  TITLE", or "unknown" when the engine gave no diagnosis.
std::string cause_text(const diagnose::ContainerDiagnosis& container) {
  if (container.diagnoses.empty()) {
    return "unknown";
  }
  const auto& top = container.diagnoses.front();
  char confidence[16];
  std::snprintf(confidence, sizeof confidence, "%.2f", top.confidence);
  return top.cause + "  " + diagnose::to_string(top.level) + " " + confidence + "  " + top.title;
}

}  // namespace

std::string termination_line(const diagnose::ContainerDiagnosis& container,
                             const std::string& observed_at) {
  const std::string& time = container.finished_at.empty() ? observed_at : container.finished_at;
  // Names, reasons and titles come from the cluster: one line, and no escape sequence of theirs
  // reaches the terminal.
  return printable(one_line(time + "  " + container.namespace_name + "/" + container.pod + "  " +
                            container.container + "  " + exit_part(container) + "  " +
                            cause_text(container)));
}

}  // namespace kexit::report
