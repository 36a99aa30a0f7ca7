#pragma once
// Decimal numbers read from text with '.' as the point whatever the process' locale.

#include <cstddef>
#include <optional>
#include <string_view>

namespace kexit {

// A number read from the start of a text and how many characters it took.
struct DecimalPrefix {
  double value = 0;
  std::size_t length = 0;
};

// The longest decimal number at the start of `text` ("1.5", "-2e3", ".5", "+7", "129e6Mi"
// takes "129e6"), with std::from_chars, which strtod's LC_NUMERIC never changes (under a
// German locale strtod reads "1.5" as 1). None when no number starts the text, for "inf",
// "nan" and hexadecimal, and for a number beyond a double (1e999); one too small for a
// double (1e-999) reads as 0, as Go's strconv.ParseFloat reads it.
std::optional<DecimalPrefix> parse_decimal_prefix(std::string_view text);

// The same for a whole text: none when anything follows the number.
std::optional<double> parse_decimal(std::string_view text);

}  // namespace kexit
