#pragma once
// Kubernetes time formats: metav1.Time, metav1.MicroTime, RFC3339Nano log stamps, kubectl's
// human durations, and the scenario duration syntax ("2s", "1m30s").

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "base/expected.h"
#include "kubesim/clock.h"

namespace kexit::kubesim {

// "2024-01-01T00:00:00Z" (metav1.Time: whole seconds, UTC).
std::string format_time(TimePoint time);
// "2024-01-01T00:00:00.000000Z" (metav1.MicroTime: exactly six fractional digits).
std::string format_micro_time(TimePoint time);
// Go's RFC3339Nano: fraction with trailing zeros trimmed ("2024-01-01T00:00:00.5Z").
std::string format_nano_time(TimePoint time);
// Parses RFC3339 with an optional fraction and a "Z" or "+hh:mm" offset.
std::optional<TimePoint> parse_time(std::string_view text);

// apimachinery's duration.HumanDuration: "45s", "2m30s", "3h", "5d", "2y".
std::string human_duration(std::chrono::nanoseconds duration);
// printers' translateTimestampSince: "<unknown>" for a missing time, else the age.
std::string age_since(const std::optional<TimePoint>& time, TimePoint now);

// Go-style durations: "2s", "1m30s", "500ms", "1h", "0" (scenario `at:` values).
Expected<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace kexit::kubesim
