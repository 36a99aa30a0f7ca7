#pragma once
// termination_line: one termination's diagnosis as one line of text, the unit `kexit watch`
// prints as terminations happen: time, namespace/pod, container, exit code and signal, top
// cause, confidence and the cause's one-line summary.

#include <string>

#include "diagnose/diagnosis.h"

namespace kexit::report {

// "2023-11-14T22:10:00Z  shop/api-1  main  exit 137 (SIGKILL)  oom-killed  high 0.95  TITLE",
// without the newline. The time is the termination's finishedAt, or `observed_at` when the
// status has none. Line breaks and tabs in any field become spaces: one termination, one line.
std::string termination_line(const diagnose::ContainerDiagnosis& container,
                             const std::string& observed_at);

}  // namespace kexit::report
