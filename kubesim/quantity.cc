#include "kubesim/quantity.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

namespace kexit::kubesim {
namespace {

// The scale of each suffix of apimachinery's quantity grammar: binary SI, decimal SI, none.
// Decimal scales are powers of ten, applied by dividing for the small ones, so that "100m"
// is 0.1 as closely as a long double holds it.
struct Scale {
  long double binary = 1.0L;
  int decimal_exponent = 0;
};

std::optional<Scale> suffix_scale(std::string_view suffix) {
  static const std::pair<std::string_view, Scale> kSuffixes[] = {
      {"", {}},
      {"Ki", {0x1p10L, 0}},
      {"Mi", {0x1p20L, 0}},
      {"Gi", {0x1p30L, 0}},
      {"Ti", {0x1p40L, 0}},
      {"Pi", {0x1p50L, 0}},
      {"Ei", {0x1p60L, 0}},
      {"n", {1.0L, -9}},
      {"u", {1.0L, -6}},
      {"m", {1.0L, -3}},
      {"k", {1.0L, 3}},
      {"M", {1.0L, 6}},
      {"G", {1.0L, 9}},
      {"T", {1.0L, 12}},
      {"P", {1.0L, 15}},
      {"E", {1.0L, 18}},
  };
  for (const auto& [name, scale] : kSuffixes) {
    if (name == suffix) {
      return scale;
    }
  }
  // A decimal exponent: "e3", "E-2".
  if (suffix.size() < 2 || (suffix[0] != 'e' && suffix[0] != 'E')) {
    return std::nullopt;
  }
  std::string_view exponent = suffix.substr(1);
  std::size_t start = (exponent[0] == '+' || exponent[0] == '-') ? 1 : 0;
  if (start == exponent.size() || exponent.size() - start > 4) {
    return std::nullopt;
  }
  for (std::size_t i = start; i < exponent.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(exponent[i]))) {
      return std::nullopt;
    }
  }
  return Scale{1.0L, std::stoi(std::string(exponent))};
}

}  // namespace

std::optional<long double> parse_quantity(std::string_view text) {
  std::size_t position = 0;
  bool negative = false;
  if (position < text.size() && (text[position] == '+' || text[position] == '-')) {
    negative = text[position] == '-';
    ++position;
  }
  std::size_t number_start = position;
  int digits = 0;
  int points = 0;
  while (position < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[position])) || text[position] == '.')) {
    (text[position] == '.' ? points : digits) += 1;
    ++position;
  }
  if (digits == 0 || points > 1) {
    return std::nullopt;
  }
  auto scale = suffix_scale(text.substr(position));
  if (!scale) {
    return std::nullopt;
  }
  long double number =
      std::stold(std::string(text.substr(number_start, position - number_start))) * scale->binary;
  long double power = std::pow(10.0L, std::abs(scale->decimal_exponent));
  number = scale->decimal_exponent < 0 ? number / power : number * power;
  return negative ? -number : number;
}

}  // namespace kexit::kubesim
