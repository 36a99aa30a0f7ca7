#include "report/termination_row.h"

#include "kube/api_time.h"
#include "report/human_duration.h"

namespace kexit::report {
namespace {

// kubectl's word for a value that is not there.
constexpr const char* kNone = "<none>";

std::string reason_of(const diagnose::ContainerDiagnosis& container) {
  if (!container.reason.empty()) {
    return container.reason;
  }
  if (!container.waiting_reason.empty()) {
    return container.waiting_reason;
  }
  return container.pod_reason;
}

std::string signal_text(const diagnose::ContainerDiagnosis& container) {
  if (container.outcome != kube::ContainerOutcome::kTerminated || !container.signal) {
    return "";
  }
  return container.signal_name.empty() ? "signal " + std::to_string(*container.signal)
                                       : container.signal_name;
}

}  // namespace

std::string exit_text(const diagnose::ContainerDiagnosis& container) {
  if (container.outcome != kube::ContainerOutcome::kTerminated) {
    return kNone;
  }
  std::string text = diagnose::exit_code_text(container.exit_code);
  const std::string signal = signal_text(container);
  return signal.empty() ? text : text + " (" + signal + ")";
}

TerminationRow termination_row(const diagnose::ContainerDiagnosis& container) {
  TerminationRow row;
  row.namespace_name = container.namespace_name;
  row.pod = container.pod;
  row.container = container.container;
  if (container.outcome == kube::ContainerOutcome::kTerminated) {
    row.exit_code = container.exit_code;
  }
  row.exit = exit_text(container);
  row.signal = signal_text(container);
  if (!container.diagnoses.empty()) {
    const auto& top = container.diagnoses.front();
    row.cause = top.cause;
    row.confidence = diagnose::to_string(top.level);
    row.level = top.level;
    row.rule = top.rule_id;
  }
  row.restarts = container.restart_count;
  if (!container.finished_at.empty()) {
    row.finished = kube::parse_api_time(container.finished_at);
  }
  row.image = container.image;
  row.node = container.node;
  row.owner = container.owner;
  row.reason = reason_of(container);
  return row;
}

std::string age_text(const TerminationRow& row, std::chrono::system_clock::time_point now) {
  return row.finished ? human_duration(now - *row.finished) : kNone;
}

}  // namespace kexit::report
