#include "cli/duration_parsing.h"

#include <cmath>

#include "kube/go_duration.h"

namespace kexit::cli {
namespace {

// Go's hours, minutes and seconds, and days, which kubectl's --since lacks and a post-mortem
// a week later wants.
constexpr kube::DurationUnit kSinceUnits[] = {
    {"s", 1000.0}, {"m", 60'000.0}, {"h", 3'600'000.0}, {"d", 86'400'000.0}};

}  // namespace

Expected<std::chrono::seconds> parse_duration(const std::string& text) {
  // Whole numbers only; the bound keeps the sum of several well inside a long long of seconds.
  const kube::DurationGrammar grammar{kSinceUnits, false, 100'000'000};
  auto milliseconds = kube::go_duration_milliseconds(text, grammar);
  if (!milliseconds) {
    return Error{"invalid duration \"" + text + "\"; write it like 90s, 15m, 2h30m or 7d"};
  }
  return std::chrono::seconds(std::llround(*milliseconds / 1000.0));
}

}  // namespace kexit::cli
