#include "diagnose/wilson_interval.h"

#include <algorithm>
#include <cmath>

namespace kexit::diagnose {

Interval wilson_interval(std::size_t successes, std::size_t trials, double z) {
  if (trials == 0) {
    return Interval{0, 1};
  }
  // Unlike p ± z·sqrt(p(1-p)/n), it stays inside [0, 1] and is not zero wide at 0% or 100%,
  // which small samples reach often.
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double denominator = 1 + z2 / n;
  const double centre = (p + z2 / (2 * n)) / denominator;
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
  return Interval{std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

}  // namespace kexit::diagnose
