#pragma once
// Times as `kubectl describe` prints them: absolute ones in RFC 1123 with a numeric zone
// ("Mon, 01 Jan 2024 10:00:00 +0000") and the Events table's ages ("3m12s",
// "2m (x3 over 10m)", "<unknown>").

#include <chrono>
#include <optional>
#include <string_view>

#include "kube/clock.h"

namespace kexit::kube {

// "Mon, 01 Jan 2024 10:00:00 +0000" (the weekday is optional), between 1970 and 2200; nullopt
// on anything else.
std::optional<TimePoint> parse_describe_time(std::string_view text);

// Go's zero time, which kubectl prints for a time never set ("Mon, 01 Jan 0001 00:00:00
// +0000"): any valid date before 1970.
bool is_unset_describe_time(std::string_view text);

// One cell of the Events table's Age column.
struct DescribeAge {
  // How long before `kubectl describe` ran the Event was last seen, and first seen; nullopt
  // when kubectl printed "<unknown>" or "<invalid>", or an age above 200 years (no Event is
  // older than Kubernetes).
  std::optional<std::chrono::seconds> last;
  std::optional<std::chrono::seconds> first;
  int count = 1;
};

// "45s", "3m12s", "2d4h", "<unknown>", "2m (x3 over 10m)"; nullopt when it is none of these.
std::optional<DescribeAge> parse_describe_age(std::string_view text);

}  // namespace kexit::kube
