#include "base/decimal_number.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace kexit {
namespace {

// An exponent past this is out of any double's range either way, and adding the mantissa's
// digit count to it cannot overflow.
constexpr long long kExponentBound = 1'000'000'000'000LL;

long long exponent_of(std::string_view digits) {
  bool negative = !digits.empty() && digits.front() == '-';
  if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) {
    digits.remove_prefix(1);
  }
  long long exponent = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), exponent);
  if (error != std::errc() || exponent > kExponentBound) {
    exponent = kExponentBound;
  }
  return negative ? -exponent : exponent;
}

// from_chars reports an overflow and an underflow alike (result_out_of_range); the number
// underflowed when its first significant digit stands at or after the point once the
// exponent is applied (0.d... x 10^k with k <= 0).
bool is_below_one(std::string_view number) {
  std::size_t e = number.find_first_of("eE");
  std::string_view mantissa = number.substr(0, e);
  long long exponent = e == std::string_view::npos ? 0 : exponent_of(number.substr(e + 1));
  std::size_t point = mantissa.find('.');
  if (point == std::string_view::npos) {
    point = mantissa.size();
  }
  std::size_t first = mantissa.find_first_of("123456789");
  if (first == std::string_view::npos) {
    return true;
  }
  long long position = first < point ? static_cast<long long>(point - first)
                                     : -static_cast<long long>(first - point - 1);
  return position + exponent <= 0;
}

}  // namespace

std::optional<DecimalPrefix> parse_decimal_prefix(std::string_view text) {
  // from_chars takes a '-' but not a '+', which YAML and Kubernetes quantities allow.
  std::size_t skipped = !text.empty() && text.front() == '+' ? 1 : 0;
  const char* begin = text.data() + skipped;
  const char* stop = text.data() + text.size();
  if (begin == stop || (skipped == 1 && *begin == '-')) {
    return std::nullopt;
  }
  double value = 0;
  auto [end, error] = std::from_chars(begin, stop, value, std::chars_format::general);
  std::size_t length = static_cast<std::size_t>(end - text.data());
  if (error == std::errc::result_out_of_range &&
      is_below_one(text.substr(skipped, length - skipped))) {
    return DecimalPrefix{*begin == '-' ? -0.0 : 0.0, length};
  }
  if (error != std::errc() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return DecimalPrefix{value, length};
}

std::optional<double> parse_decimal(std::string_view text) {
  auto prefix = parse_decimal_prefix(text);
  if (!prefix || prefix->length != text.size()) {
    return std::nullopt;
  }
  return prefix->value;
}

}  // namespace kexit
