#pragma once
// MetricHistogram: a Prometheus histogram without labels (cumulative `_bucket{le}` counts,
// `_sum`, `_count`), for latencies measured on the agent's injected clock.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace kexit::agent {

class MetricHistogram {
 public:
  // `upper_bounds` in seconds, ascending; "+Inf" is added.
  MetricHistogram(std::string name, std::string help, std::vector<double> upper_bounds);

  void observe(double seconds);
  void observe(std::chrono::nanoseconds duration);

  const std::string& name() const { return name_; }
  std::uint64_t count() const;
  double sum() const;
  void render(std::string& out) const;

 private:
  std::string name_;
  std::string help_;
  std::vector<double> upper_bounds_;
  mutable std::mutex mutex_;
  // Per bucket, not cumulative: one more than the bounds, the last for +Inf.
  std::vector<std::uint64_t> counts_;
  double sum_ = 0;
};

}  // namespace kexit::agent
