#pragma once
// TerminationRow: one diagnosed termination reduced to the few fields a person scans in a list
// (the summary table's row; a one-line rendering of a termination can use the same fields).

#include <chrono>
#include <optional>
#include <string>

#include "diagnose/diagnosis.h"

namespace kexit::report {

struct TerminationRow {
  std::string namespace_name;
  std::string pod;
  std::string container;
  // The exit code when the container terminated; nullopt when it never started, when the pod
  // failed as a whole, or when the facts did not show it.
  std::optional<int> exit_code;
  // "137 (SIGKILL)", "1", "<none>" (never started, pod failed): see exit_text.
  std::string exit;
  // The terminating signal's name ("SIGKILL"), "signal N" for one without a name, "" when the
  // code is not 128+N.
  std::string signal;
  // The top diagnosis: cause slug, "high"/"medium"/"low", rule id; empty when there is none.
  std::string cause;
  std::string confidence;
  // The confidence's level, for its colour; nullopt when there is no diagnosis.
  std::optional<diagnose::ConfidenceLevel> level;
  std::string rule;
  int restarts = 0;
  // status ...terminated.finishedAt; nullopt when there is none or it does not parse.
  std::optional<std::chrono::system_clock::time_point> finished;
  std::string image;
  std::string node;
  // ContainerDiagnosis::owner: "ReplicaSet/api-7c9f8", or "" for a pod of its own.
  std::string owner;
  // The termination's reason (OOMKilled, Error), else the waiting one (ImagePullBackOff), else
  // the pod's (Evicted); empty when none says anything.
  std::string reason;
};

TerminationRow termination_row(const diagnose::ContainerDiagnosis& container);

// "137 (SIGKILL)", "1", "143 (SIGTERM)", "unknown" (terminated, code not shown), "<none>" (no
// termination: never started, or the pod failed as a whole).
std::string exit_text(const diagnose::ContainerDiagnosis& container);

// How long before `now` it finished, as kubectl prints ages ("3m10s"); "<none>" without a time.
std::string age_text(const TerminationRow& row, std::chrono::system_clock::time_point now);

}  // namespace kexit::report
