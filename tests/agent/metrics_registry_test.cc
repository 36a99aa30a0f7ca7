#include "agent/metrics_registry.h"

#include <gtest/gtest.h>

#include "agent/agent_metrics.h"

namespace kexit::agent {
namespace {

TEST(MetricsRegistry, RendersPrometheusTextSortedByLabels) {
  MetricsRegistry registry;
  auto& events = registry.counter("kexit_events_total", "Event writes.", {"result"});
  events.add({"updated"});
  events.add({"created"}, 2);
  auto& depth = registry.gauge("kexit_queue_depth", "Queued.");
  depth.set({}, 3);
  EXPECT_EQ(registry.render(),
            "# HELP kexit_events_total Event writes.\n"
            "# TYPE kexit_events_total counter\n"
            "kexit_events_total{result=\"created\"} 2\n"
            "kexit_events_total{result=\"updated\"} 1\n"
            "# HELP kexit_queue_depth Queued.\n"
            "# TYPE kexit_queue_depth gauge\n"
            "kexit_queue_depth 3\n");
}

TEST(MetricsRegistry, CountersNeverGoDown) {
  MetricsRegistry registry;
  auto& counter = registry.counter("c_total", "c");
  counter.add({}, 2);
  counter.add({}, -1);
  EXPECT_EQ(counter.value(), 2);
}

TEST(MetricsRegistry, EscapesLabelValues) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(format_sample_value(0.5), "0.5");
  EXPECT_EQ(format_sample_value(12), "12");
}

TEST(MetricsRegistry, SameNameGivesTheSameFamily) {
  MetricsRegistry registry;
  auto& first = registry.counter("x_total", "x", {"a"});
  auto& second = registry.counter("x_total", "x", {"a"});
  EXPECT_EQ(&first, &second);
}

TEST(MetricsRegistry, CollectorsAppendAfterFamilies) {
  MetricsRegistry registry;
  registry.add_collector([](std::string& out) { out += "process_open_fds 7\n"; });
  EXPECT_EQ(registry.render(), "process_open_fds 7\n");
}

TEST(AgentMetrics, NamesFollowTheConventions) {
  MetricsRegistry registry;
  AgentMetrics metrics(registry);
  metrics.terminations.add({"shop", "101", "rust-panic"});
  metrics.api_requests.add({"create", "403"});
  std::string text = registry.render();
  EXPECT_NE(text.find("kexit_container_terminations_total{namespace=\"shop\",exit_code=\"101\","
                      "cause=\"rust-panic\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("kexit_api_requests_total{verb=\"create\",code=\"403\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("kexit_watch_restarts_total 0\n"), std::string::npos);
  EXPECT_NE(text.find("kexit_leader 0\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE kexit_diagnoses_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE kexit_events_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("kexit_queue_depth 0\n"), std::string::npos);
}

}  // namespace
}  // namespace kexit::agent
