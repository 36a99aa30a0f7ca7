#include "cli/duration_parsing.h"

#include <cctype>

namespace kexit::cli {

Expected<std::chrono::seconds> parse_duration(const std::string& text) {
  const Error invalid{"invalid duration \"" + text + "\"; write it like 90s, 15m, 2h30m or 7d"};
  if (text.empty()) {
    return invalid;
  }
  long long total = 0;
  long long number = -1;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      number = (number < 0 ? 0 : number) * 10 + (c - '0');
      if (number > 100000000) {
        return invalid;
      }
      continue;
    }
    if (number < 0) {
      return invalid;
    }
    switch (c) {
      case 's':
        total += number;
        break;
      case 'm':
        total += number * 60;
        break;
      case 'h':
        total += number * 3600;
        break;
      case 'd':
        total += number * 86400;
        break;
      default:
        return invalid;
    }
    number = -1;
  }
  if (number >= 0) {
    return invalid;
  }
  return std::chrono::seconds(total);
}

}  // namespace kexit::cli
