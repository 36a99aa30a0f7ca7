#pragma once
// Resource quantities ("512Mi", "1.5", "100m", "1e3") read as apimachinery's
// resource.ParseQuantity accepts them, for the checks that compare a request with a limit.

#include <optional>
#include <string_view>

namespace kexit::kubesim {

// The error text apimachinery's ParseQuantity returns (resource.ErrFormatWrong) for a string
// that is not a quantity.
inline constexpr std::string_view kQuantityFormatError =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

// The quantity's value in base units (bytes, cores), or nullopt when `text` is not one.
// A long double keeps "1Ei" and "1n" exact enough to compare.
std::optional<long double> parse_quantity(std::string_view text);

}  // namespace kexit::kubesim
