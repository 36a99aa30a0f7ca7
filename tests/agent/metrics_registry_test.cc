#include "agent/metrics_registry.h"

#include <gtest/gtest.h>

#include "agent/agent_metrics.h"
#include "agent/build_info.h"

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

TEST(AgentMetrics, BoundedSeriesAreExportedAtZeroFromTheStart) {
  MetricsRegistry registry;
  AgentMetrics metrics(registry);
  metrics.expose_causes({"rust-panic"});
  const auto& info = build_info();
  // Series with a namespace or an exit code cannot be known before they happen: the chart's
  // alerts catch their first sample (helm/kexit/tests/prometheusrule_test.yaml).
  std::string expected =
      "# HELP kexit_container_terminations_total New container terminations diagnosed by the "
      "agent.\n"
      "# TYPE kexit_container_terminations_total counter\n"
      "# HELP kexit_diagnoses_total Diagnoses made, by top cause and confidence level.\n"
      "# TYPE kexit_diagnoses_total counter\n"
      "kexit_diagnoses_total{cause=\"rust-panic\",level=\"high\"} 0\n"
      "kexit_diagnoses_total{cause=\"rust-panic\",level=\"low\"} 0\n"
      "kexit_diagnoses_total{cause=\"rust-panic\",level=\"medium\"} 0\n"
      "# HELP kexit_events_total Kubernetes Event writes by outcome (created, updated, recreated, "
      "duplicate, forbidden, rate_limited, failed; retried counts each resend).\n"
      "# TYPE kexit_events_total counter\n"
      "kexit_events_total{result=\"created\"} 0\n"
      "kexit_events_total{result=\"duplicate\"} 0\n"
      "kexit_events_total{result=\"failed\"} 0\n"
      "kexit_events_total{result=\"forbidden\"} 0\n"
      "kexit_events_total{result=\"rate_limited\"} 0\n"
      "kexit_events_total{result=\"recreated\"} 0\n"
      "kexit_events_total{result=\"retried\"} 0\n"
      "kexit_events_total{result=\"updated\"} 0\n"
      "# HELP kexit_watch_restarts_total Pod watches restarted (closed, expired or broken).\n"
      "# TYPE kexit_watch_restarts_total counter\n"
      "kexit_watch_restarts_total 0\n"
      "# HELP kexit_api_requests_total Kubernetes API requests by verb and HTTP status code.\n"
      "# TYPE kexit_api_requests_total counter\n"
      "# HELP kexit_api_request_classes_total Kubernetes API requests by verb and status class "
      "(2xx, 3xx, 4xx, 5xx; error when no answer came back).\n"
      "# TYPE kexit_api_request_classes_total counter\n"
      "kexit_api_request_classes_total{verb=\"create\",class=\"2xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"create\",class=\"3xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"create\",class=\"4xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"create\",class=\"5xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"create\",class=\"error\"} 0\n"
      "kexit_api_request_classes_total{verb=\"get\",class=\"2xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"get\",class=\"3xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"get\",class=\"4xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"get\",class=\"5xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"get\",class=\"error\"} 0\n"
      "kexit_api_request_classes_total{verb=\"list\",class=\"2xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"list\",class=\"3xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"list\",class=\"4xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"list\",class=\"5xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"list\",class=\"error\"} 0\n"
      "kexit_api_request_classes_total{verb=\"patch\",class=\"2xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"patch\",class=\"3xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"patch\",class=\"4xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"patch\",class=\"5xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"patch\",class=\"error\"} 0\n"
      "kexit_api_request_classes_total{verb=\"update\",class=\"2xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"update\",class=\"3xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"update\",class=\"4xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"update\",class=\"5xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"update\",class=\"error\"} 0\n"
      "kexit_api_request_classes_total{verb=\"watch\",class=\"2xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"watch\",class=\"3xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"watch\",class=\"4xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"watch\",class=\"5xx\"} 0\n"
      "kexit_api_request_classes_total{verb=\"watch\",class=\"error\"} 0\n"
      "# HELP kexit_queue_depth Terminations waiting to be diagnosed and reported.\n"
      "# TYPE kexit_queue_depth gauge\n"
      "kexit_queue_depth 0\n"
      "# HELP kexit_leader 1 when this replica holds the leader Lease.\n"
      "# TYPE kexit_leader gauge\n"
      "kexit_leader 0\n"
      "# HELP kexit_tracked_containers Containers whose last termination the agent remembers.\n"
      "# TYPE kexit_tracked_containers gauge\n"
      "kexit_tracked_containers 0\n"
      "# HELP kexit_knowledge_reloads_total Reloads of the extra knowledge directories by result.\n"
      "# TYPE kexit_knowledge_reloads_total counter\n"
      "kexit_knowledge_reloads_total{result=\"failed\"} 0\n"
      "kexit_knowledge_reloads_total{result=\"loaded\"} 0\n"
      "# HELP kexit_pod_errors_total Pods from the watch that could not be read and were skipped.\n"
      "# TYPE kexit_pod_errors_total counter\n"
      "kexit_pod_errors_total 0\n"
      "# HELP kexit_terminations_dropped_total Queued terminations this replica left unreported, "
      "by reason (lost-leadership, shutdown); the next leader reports them.\n"
      "# TYPE kexit_terminations_dropped_total counter\n"
      "kexit_terminations_dropped_total{reason=\"lost-leadership\"} 0\n"
      "kexit_terminations_dropped_total{reason=\"shutdown\"} 0\n"
      "# HELP kexit_build_info 1, labelled with the version, git revision and compiler of this "
      "build.\n"
      "# TYPE kexit_build_info gauge\n"
      "kexit_build_info{version=\"" +
      info.version + "\",revision=\"" + info.revision + "\",compiler=\"" + info.compiler +
      "\"} 1\n"
      "# HELP kexit_diagnosis_duration_seconds Time the engine took to diagnose one termination, "
      "evidence reads excluded.\n"
      "# TYPE kexit_diagnosis_duration_seconds histogram\n"
      "kexit_diagnosis_duration_seconds_bucket{le=\"0.0005\"} 0\n"
      "kexit_diagnosis_duration_seconds_bucket{le=\"0.001\"} 0\n"
      "kexit_diagnosis_duration_seconds_bucket{le=\"0.0025\"} 0\n"
      "kexit_diagnosis_duration_seconds_bucket{le=\"0.005\"} 0\n"
      "kexit_diagnosis_duration_seconds_bucket{le=\"0.01\"} 0\n"
      "kexit_diagnosis_duration_seconds_bucket{le=\"0.025\"} 0\n"
      "kexit_diagnosis_duration_seconds_bucket{le=\"0.05\"} 0\n"
      "kexit_diagnosis_duration_seconds_bucket{le=\"0.1\"} 0\n"
      "kexit_diagnosis_duration_seconds_bucket{le=\"0.25\"} 0\n"
      "kexit_diagnosis_duration_seconds_bucket{le=\"0.5\"} 0\n"
      "kexit_diagnosis_duration_seconds_bucket{le=\"1\"} 0\n"
      "kexit_diagnosis_duration_seconds_bucket{le=\"2.5\"} 0\n"
      "kexit_diagnosis_duration_seconds_bucket{le=\"+Inf\"} 0\n"
      "kexit_diagnosis_duration_seconds_sum 0\n"
      "kexit_diagnosis_duration_seconds_count 0\n"
      "# HELP kexit_log_fetch_duration_seconds Time taken to read one termination's log.\n"
      "# TYPE kexit_log_fetch_duration_seconds histogram\n"
      "kexit_log_fetch_duration_seconds_bucket{le=\"0.005\"} 0\n"
      "kexit_log_fetch_duration_seconds_bucket{le=\"0.01\"} 0\n"
      "kexit_log_fetch_duration_seconds_bucket{le=\"0.025\"} 0\n"
      "kexit_log_fetch_duration_seconds_bucket{le=\"0.05\"} 0\n"
      "kexit_log_fetch_duration_seconds_bucket{le=\"0.1\"} 0\n"
      "kexit_log_fetch_duration_seconds_bucket{le=\"0.25\"} 0\n"
      "kexit_log_fetch_duration_seconds_bucket{le=\"0.5\"} 0\n"
      "kexit_log_fetch_duration_seconds_bucket{le=\"1\"} 0\n"
      "kexit_log_fetch_duration_seconds_bucket{le=\"2.5\"} 0\n"
      "kexit_log_fetch_duration_seconds_bucket{le=\"5\"} 0\n"
      "kexit_log_fetch_duration_seconds_bucket{le=\"10\"} 0\n"
      "kexit_log_fetch_duration_seconds_bucket{le=\"15\"} 0\n"
      "kexit_log_fetch_duration_seconds_bucket{le=\"30\"} 0\n"
      "kexit_log_fetch_duration_seconds_bucket{le=\"+Inf\"} 0\n"
      "kexit_log_fetch_duration_seconds_sum 0\n"
      "kexit_log_fetch_duration_seconds_count 0\n"
      "# HELP kexit_event_write_duration_seconds Time one Event write (create or series update) "
      "took, retries included.\n"
      "# TYPE kexit_event_write_duration_seconds histogram\n"
      "kexit_event_write_duration_seconds_bucket{le=\"0.005\"} 0\n"
      "kexit_event_write_duration_seconds_bucket{le=\"0.01\"} 0\n"
      "kexit_event_write_duration_seconds_bucket{le=\"0.025\"} 0\n"
      "kexit_event_write_duration_seconds_bucket{le=\"0.05\"} 0\n"
      "kexit_event_write_duration_seconds_bucket{le=\"0.1\"} 0\n"
      "kexit_event_write_duration_seconds_bucket{le=\"0.25\"} 0\n"
      "kexit_event_write_duration_seconds_bucket{le=\"0.5\"} 0\n"
      "kexit_event_write_duration_seconds_bucket{le=\"1\"} 0\n"
      "kexit_event_write_duration_seconds_bucket{le=\"2.5\"} 0\n"
      "kexit_event_write_duration_seconds_bucket{le=\"5\"} 0\n"
      "kexit_event_write_duration_seconds_bucket{le=\"10\"} 0\n"
      "kexit_event_write_duration_seconds_bucket{le=\"15\"} 0\n"
      "kexit_event_write_duration_seconds_bucket{le=\"30\"} 0\n"
      "kexit_event_write_duration_seconds_bucket{le=\"+Inf\"} 0\n"
      "kexit_event_write_duration_seconds_sum 0\n"
      "kexit_event_write_duration_seconds_count 0\n";
  EXPECT_EQ(registry.render(), expected);
}

TEST(AgentMetrics, BuildInfoNamesThisBuild) {
  const auto& info = build_info();
  EXPECT_EQ(info.version, KEXIT_VERSION);
  EXPECT_FALSE(info.revision.empty());
  EXPECT_TRUE(info.compiler.rfind("gcc ", 0) == 0 || info.compiler.rfind("clang ", 0) == 0)
      << info.compiler;
}

TEST(AgentMetrics, StatusClasses) {
  EXPECT_EQ(status_class(200), "2xx");
  EXPECT_EQ(status_class(409), "4xx");
  EXPECT_EQ(status_class(503), "5xx");
  EXPECT_EQ(status_class(0), "error");
}

}  // namespace
}  // namespace kexit::agent
