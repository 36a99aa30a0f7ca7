#include "agent/metric_histogram.h"

#include <algorithm>
#include <cassert>

#include "agent/metrics_registry.h"

namespace kexit::agent {

MetricHistogram::MetricHistogram(std::string name, std::string help,
                                 std::vector<double> upper_bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      upper_bounds_(std::move(upper_bounds)),
      counts_(upper_bounds_.size() + 1, 0) {
  assert(std::is_sorted(upper_bounds_.begin(), upper_bounds_.end()));
}

void MetricHistogram::observe(double seconds) {
  // `le` is inclusive: an observation equal to a bound falls in that bound's bucket.
  auto bucket = std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), seconds);
  std::lock_guard lock(mutex_);
  ++counts_[static_cast<std::size_t>(bucket - upper_bounds_.begin())];
  sum_ += seconds;
}

void MetricHistogram::observe(std::chrono::nanoseconds duration) {
  observe(std::chrono::duration<double>(duration).count());
}

std::uint64_t MetricHistogram::count() const {
  std::lock_guard lock(mutex_);
  std::uint64_t total = 0;
  for (auto count : counts_) {
    total += count;
  }
  return total;
}

double MetricHistogram::sum() const {
  std::lock_guard lock(mutex_);
  return sum_;
}

void MetricHistogram::render(std::string& out) const {
  out += "# HELP " + name_ + " " + help_ + "\n";
  out += "# TYPE " + name_ + " histogram\n";
  std::lock_guard lock(mutex_);
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    cumulative += counts_[i];
    std::string bound =
        i < upper_bounds_.size() ? format_sample_value(upper_bounds_[i]) : std::string("+Inf");
    out += name_ + "_bucket{le=\"" + bound + "\"} " + std::to_string(cumulative) + "\n";
  }
  out += name_ + "_sum " + format_sample_value(sum_) + "\n";
  out += name_ + "_count " + std::to_string(cumulative) + "\n";
}

}  // namespace kexit::agent
