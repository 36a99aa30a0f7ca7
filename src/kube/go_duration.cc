#include "kube/go_duration.h"

#include <cctype>
#include <charconv>

namespace kexit::kube {
namespace {

bool is_number_char(char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; }

std::optional<double> unit_milliseconds(std::string_view unit,
                                        std::span<const DurationUnit> units) {
  for (const DurationUnit& known : units) {
    if (unit == known.name) {
      return known.milliseconds;
    }
  }
  return std::nullopt;
}

std::optional<double> number_value(std::string_view number, const DurationGrammar& grammar) {
  if (number.empty() || (!grammar.fractions && number.find('.') != std::string_view::npos)) {
    return std::nullopt;
  }
  double value = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (error != std::errc() || end != number.data() + number.size() || value > grammar.max_number) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::span<const DurationUnit> go_duration_units() {
  static const DurationUnit kUnits[] = {{"h", 3'600'000.0}, {"m", 60'000.0}, {"s", 1000.0},
                                        {"ms", 1.0},        {"us", 0.001},   {"\u00b5s", 0.001},
                                        {"ns", 0.000001}};
  return kUnits;
}

std::optional<double> go_duration_milliseconds(std::string_view text,
                                               const DurationGrammar& grammar) {
  if (text.empty()) {
    return std::nullopt;
  }
  double total = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t number_end = at;
    while (number_end < text.size() && is_number_char(text[number_end])) {
      ++number_end;
    }
    std::size_t unit_end = number_end;
    while (unit_end < text.size() && !is_number_char(text[unit_end])) {
      ++unit_end;
    }
    auto value = number_value(text.substr(at, number_end - at), grammar);
    auto unit = unit_milliseconds(text.substr(number_end, unit_end - number_end), grammar.units);
    if (!value || !unit) {
      return std::nullopt;
    }
    total += *value * *unit;
    at = unit_end;
  }
  return total;
}

}  // namespace kexit::kube
