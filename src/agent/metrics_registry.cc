#include "agent/metrics_registry.h"

#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace kexit::agent {

std::string format_sample_value(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  char buffer[32];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
  }
  // The shortest text that reads back as the same double, as Prometheus' own clients write
  // it: a bucket bound of 0.1 is "0.1", not "0.10000000000000001".
  auto written = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general);
  return std::string(buffer, written.ptr);
}

std::string escape_label_value(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

MetricFamily::MetricFamily(std::string name, std::string help, MetricType type,
                           std::vector<std::string> label_names)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(type),
      label_names_(std::move(label_names)) {
  // A family without labels has one series from the start, so it shows 0 before any event.
  if (label_names_.empty()) {
    series_[{}] = 0;
  }
}

void MetricFamily::add(const std::vector<std::string>& label_values, double delta) {
  assert(label_values.size() == label_names_.size());
  if (type_ == MetricType::kCounter && delta < 0) {
    return;
  }
  std::lock_guard lock(mutex_);
  series_[label_values] += delta;
}

void MetricFamily::set(const std::vector<std::string>& label_values, double value) {
  assert(label_values.size() == label_names_.size());
  std::lock_guard lock(mutex_);
  series_[label_values] = value;
}

void MetricFamily::expose(const std::vector<std::string>& label_values) {
  assert(label_values.size() == label_names_.size());
  std::lock_guard lock(mutex_);
  series_.try_emplace(label_values, 0);
}

double MetricFamily::value(const std::vector<std::string>& label_values) const {
  std::lock_guard lock(mutex_);
  auto found = series_.find(label_values);
  return found == series_.end() ? 0 : found->second;
}

void MetricFamily::render(std::string& out) const {
  out += "# HELP " + name_ + " " + help_ + "\n";
  out += "# TYPE " + name_ + (type_ == MetricType::kCounter ? " counter\n" : " gauge\n");
  std::lock_guard lock(mutex_);
  for (const auto& [labels, value] : series_) {
    out += name_;
    if (!labels.empty()) {
      out += "{";
      for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i > 0) {
          out += ",";
        }
        out += label_names_[i] + "=\"" + escape_label_value(labels[i]) + "\"";
      }
      out += "}";
    }
    out += " " + format_sample_value(value) + "\n";
  }
}

MetricFamily& MetricsRegistry::counter(const std::string& name, const std::string& help,
                                       std::vector<std::string> label_names) {
  return add_family(name, help, MetricType::kCounter, std::move(label_names));
}

MetricFamily& MetricsRegistry::gauge(const std::string& name, const std::string& help,
                                     std::vector<std::string> label_names) {
  return add_family(name, help, MetricType::kGauge, std::move(label_names));
}

MetricFamily& MetricsRegistry::add_family(const std::string& name, const std::string& help,
                                          MetricType type, std::vector<std::string> label_names) {
  std::lock_guard lock(mutex_);
  for (const auto& family : families_) {
    if (family->name() == name) {
      return *family;
    }
  }
  families_.push_back(std::make_unique<MetricFamily>(name, help, type, std::move(label_names)));
  const MetricFamily* family = families_.back().get();
  renderers_.push_back([family](std::string& out) { family->render(out); });
  return *families_.back();
}

MetricHistogram& MetricsRegistry::histogram(const std::string& name, const std::string& help,
                                            std::vector<double> upper_bounds) {
  std::lock_guard lock(mutex_);
  for (const auto& histogram : histograms_) {
    if (histogram->name() == name) {
      return *histogram;
    }
  }
  histograms_.push_back(std::make_unique<MetricHistogram>(name, help, std::move(upper_bounds)));
  const MetricHistogram* histogram = histograms_.back().get();
  renderers_.push_back([histogram](std::string& out) { histogram->render(out); });
  return *histograms_.back();
}

void MetricsRegistry::add_collector(std::function<void(std::string&)> collector) {
  std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::string MetricsRegistry::render() const {
  std::string out;
  std::lock_guard lock(mutex_);
  for (const auto& renderer : renderers_) {
    renderer(out);
  }
  for (const auto& collector : collectors_) {
    collector(out);
  }
  return out;
}

}  // namespace kexit::agent
