#include "agent/metric_histogram.h"

#include <gtest/gtest.h>

#include "agent/metrics_registry.h"

namespace kexit::agent {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(MetricHistogram, RendersCumulativeBucketsSumAndCount) {
  MetricHistogram histogram("kexit_event_write_duration_seconds", "Event writes.", {0.1, 0.125, 1});
  histogram.observe(microseconds(62500));
  // `le` is inclusive: 125 ms falls in the 0.125 bucket.
  histogram.observe(milliseconds(125));
  histogram.observe(milliseconds(250));
  histogram.observe(std::chrono::seconds(3));
  std::string text;
  histogram.render(text);
  EXPECT_EQ(text,
            "# HELP kexit_event_write_duration_seconds Event writes.\n"
            "# TYPE kexit_event_write_duration_seconds histogram\n"
            "kexit_event_write_duration_seconds_bucket{le=\"0.1\"} 1\n"
            "kexit_event_write_duration_seconds_bucket{le=\"0.125\"} 2\n"
            "kexit_event_write_duration_seconds_bucket{le=\"1\"} 3\n"
            "kexit_event_write_duration_seconds_bucket{le=\"+Inf\"} 4\n"
            "kexit_event_write_duration_seconds_sum 3.4375\n"
            "kexit_event_write_duration_seconds_count 4\n");
  EXPECT_EQ(histogram.count(), 4u);
  EXPECT_EQ(histogram.sum(), 3.4375);
}

TEST(MetricHistogram, EmptyHistogramShowsZeroes) {
  MetricsRegistry registry;
  registry.histogram("x_seconds", "x.", {0.5});
  EXPECT_EQ(registry.render(),
            "# HELP x_seconds x.\n"
            "# TYPE x_seconds histogram\n"
            "x_seconds_bucket{le=\"0.5\"} 0\n"
            "x_seconds_bucket{le=\"+Inf\"} 0\n"
            "x_seconds_sum 0\n"
            "x_seconds_count 0\n");
}

TEST(MetricHistogram, RendersInRegistrationOrderWithTheFamilies) {
  MetricsRegistry registry;
  registry.counter("a_total", "a.");
  auto& histogram = registry.histogram("b_seconds", "b.", {1});
  registry.gauge("c", "c.");
  EXPECT_EQ(&registry.histogram("b_seconds", "b.", {1}), &histogram);
  std::string text = registry.render();
  EXPECT_LT(text.find("a_total 0"), text.find("b_seconds_count 0"));
  EXPECT_LT(text.find("b_seconds_count 0"), text.find("c 0"));
}

}  // namespace
}  // namespace kexit::agent
