#pragma once
// Durations as kubectl writes them: "90s", "15m", "2h30m", "7d".

#include <chrono>
#include <string>

#include "base/expected.h"

namespace kexit::cli {

Expected<std::chrono::seconds> parse_duration(const std::string& text);

}  // namespace kexit::cli
