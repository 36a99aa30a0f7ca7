#pragma once
// The Wilson score interval of a proportion: how far a top-1 rate on a few dozen reports can
// be from the rate kexit would reach on all failures like them.

#include <cstddef>

namespace kexit::diagnose {

struct Interval {
  double low = 0;
  double high = 1;
};

// The 95% interval (z = 1.96) of `successes` out of `trials`; [0, 1] when there are no trials.
Interval wilson_interval(std::size_t successes, std::size_t trials, double z = 1.96);

}  // namespace kexit::diagnose
