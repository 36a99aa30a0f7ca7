#pragma once
// MetricsRegistry: counters and gauges with labels, and histograms, rendered in the Prometheus
// text exposition format (version 0.0.4) for /metrics.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "agent/metric_histogram.h"

namespace kexit::agent {

enum class MetricType { kCounter, kGauge };

// One metric name with its series, one per combination of label values.
class MetricFamily {
 public:
  MetricFamily(std::string name, std::string help, MetricType type,
               std::vector<std::string> label_names);

  // Adds to the series named by `label_values` (one per label name, in order). Counters only
  // go up: a negative delta is ignored.
  void add(const std::vector<std::string>& label_values, double delta = 1);
  void set(const std::vector<std::string>& label_values, double value);
  // Shows the series at 0 until something adds to it: a counter that appears only at its first
  // increment has no earlier sample, so `increase()` and `rate()` miss that increment.
  void expose(const std::vector<std::string>& label_values);
  double value(const std::vector<std::string>& label_values = {}) const;

  const std::string& name() const { return name_; }
  void render(std::string& out) const;

 private:
  std::string name_;
  std::string help_;
  MetricType type_;
  std::vector<std::string> label_names_;
  mutable std::mutex mutex_;
  // Sorted by label values, so the output is deterministic.
  std::map<std::vector<std::string>, double> series_;
};

class MetricsRegistry {
 public:
  MetricFamily& counter(const std::string& name, const std::string& help,
                        std::vector<std::string> label_names = {});
  MetricFamily& gauge(const std::string& name, const std::string& help,
                      std::vector<std::string> label_names = {});
  MetricHistogram& histogram(const std::string& name, const std::string& help,
                             std::vector<double> upper_bounds);
  // Text appended at render time (process metrics read from /proc).
  void add_collector(std::function<void(std::string&)> collector);

  // Families and histograms in registration order, series sorted by label values.
  std::string render() const;

 private:
  MetricFamily& add_family(const std::string& name, const std::string& help, MetricType type,
                           std::vector<std::string> label_names);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<MetricFamily>> families_;
  std::vector<std::unique_ptr<MetricHistogram>> histograms_;
  // Families and histograms in registration order.
  std::vector<std::function<void(std::string&)>> renderers_;
  std::vector<std::function<void(std::string&)>> collectors_;
};

// A sample value as Prometheus writes it: integers without a fraction, "+Inf", "NaN".
std::string format_sample_value(double value);
// Escapes a label value (backslash, double quote, newline).
std::string escape_label_value(const std::string& value);

}  // namespace kexit::agent
