#pragma once
// HumanDuration: an age as kubectl prints it in its AGE columns ("45s", "3m10s", "5h", "2d3h").

#include <chrono>
#include <string>

namespace kexit::report {

// The text of k8s.io/apimachinery/pkg/util/duration.HumanDuration for `age`: about two
// significant figures, "<invalid>" for an age more than a second in the future (clock skew
// of up to a second counts as now, as kubectl's does).
std::string human_duration(std::chrono::system_clock::duration age);

}  // namespace kexit::report
