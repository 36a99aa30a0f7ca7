#pragma once
// go_duration_milliseconds: a duration written as Go's time.ParseDuration reads it - numbers,
// each followed by a unit ("2h30m", "1.5s", "250ms") - the one parser behind kubectl's
// --request-timeout and kexit's --since.

#include <limits>
#include <optional>
#include <span>
#include <string_view>

namespace kexit::kube {

struct DurationUnit {
  std::string_view name;
  double milliseconds = 0;
};

// Go's units: h, m, s, ms, us (and µs), ns.
std::span<const DurationUnit> go_duration_units();

// What a caller accepts beyond the units it names.
struct DurationGrammar {
  std::span<const DurationUnit> units = go_duration_units();
  // Go's numbers may have a fraction ("1.5h"); kubectl's --since takes whole numbers only.
  bool fractions = true;
  // A number above this is refused, so a sum cannot overflow where the caller keeps it.
  double max_number = std::numeric_limits<double>::max();
};

// The total in milliseconds; nullopt for empty text, a number without a unit, a unit the
// grammar does not name, a sign (durations here are never negative), or a number it refuses.
std::optional<double> go_duration_milliseconds(std::string_view text,
                                               const DurationGrammar& grammar = {});

}  // namespace kexit::kube
