#pragma once
// Timestamps as the Kubernetes API writes them: metav1.Time (RFC 3339, seconds) and
// metav1.MicroTime (exactly six fractional digits).

#include <optional>
#include <string>
#include <string_view>

#include "kube/clock.h"

namespace kexit::kube {

// Parses RFC 3339 ("2024-01-01T00:00:00Z", "2024-01-01T00:00:00.5+02:00") between 1970 and
// 2200, as parse_describe_time; nullopt on anything else, Go's zero time (year 1) included.
std::optional<TimePoint> parse_api_time(std::string_view text);

// "2024-01-01T00:00:00Z" (metav1.Time).
std::string format_api_time(TimePoint time);

// "2024-01-01T00:00:00.000000Z" (metav1.MicroTime: Go clients reject other precisions).
std::string format_api_micro_time(TimePoint time);

}  // namespace kexit::kube
