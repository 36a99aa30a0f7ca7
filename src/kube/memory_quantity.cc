#include "kube/memory_quantity.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>

#include "base/decimal_number.h"

namespace kexit::kube {

std::optional<long long> parse_memory_quantity(const std::string& text) {
  // The suffixes of k8s.io/apimachinery/pkg/api/resource (binary SI, decimal SI, exponent).
  static constexpr std::array<std::pair<std::string_view, double>, 13> kSuffixes = {{
      {"Ki", 1024.0},
      {"Mi", 1048576.0},
      {"Gi", 1073741824.0},
      {"Ti", 1099511627776.0},
      {"Pi", 1125899906842624.0},
      {"Ei", 1152921504606846976.0},
      {"m", 1e-3},
      {"k", 1e3},
      {"M", 1e6},
      {"G", 1e9},
      {"T", 1e12},
      {"P", 1e15},
      {"E", 1e18},
  }};
  if (text.empty() || text.size() > 64) {
    return std::nullopt;
  }
  // The number and an exponent ("129e6"), with '.' as the point whatever the locale.
  auto number_prefix = parse_decimal_prefix(text);
  if (!number_prefix || number_prefix->value < 0) {
    return std::nullopt;
  }
  double number = number_prefix->value;
  std::string_view suffix = std::string_view(text).substr(number_prefix->length);
  double multiplier = 1;
  if (!suffix.empty()) {
    bool known = false;
    for (const auto& [name, value] : kSuffixes) {
      if (suffix == name) {
        multiplier = value;
        known = true;
      }
    }
    if (!known) {
      return std::nullopt;
    }
  }
  double bytes = std::ceil(number * multiplier);
  if (bytes > 9.0e18) {
    return std::nullopt;
  }
  return static_cast<long long>(bytes);
}

std::string format_memory(long long bytes) {
  static constexpr std::array<std::pair<const char*, double>, 4> kUnits = {{
      {"Ti", 1099511627776.0},
      {"Gi", 1073741824.0},
      {"Mi", 1048576.0},
      {"Ki", 1024.0},
  }};
  const double value = static_cast<double>(bytes < 0 ? -bytes : bytes);
  const char* sign = bytes < 0 ? "-" : "";
  for (const auto& [name, size] : kUnits) {
    if (value >= size) {
      double scaled = std::round(value / size * 10) / 10;
      char text[48];
      if (scaled == std::floor(scaled)) {
        std::snprintf(text, sizeof text, "%s%.0f%s", sign, scaled, name);
      } else {
        std::snprintf(text, sizeof text, "%s%.1f%s", sign, scaled, name);
      }
      return text;
    }
  }
  return sign + std::to_string(static_cast<long long>(value));
}

}  // namespace kexit::kube
