// Rendered output against golden files in tests/report/golden/. On a mismatch the test prints
// both texts; after reviewing the change like code, rewrite the files with
//   KEXIT_UPDATE_GOLDEN=1 build/tests/report_report_golden_test

#include <gtest/gtest.h>

#include "golden_file.h"
#include "knowledge/knowledge_model.h"
#include "report/explain_report.h"
#include "report/report_document.h"
#include "report/text_report.h"

namespace kexit::report {
namespace {

using diagnose::ContainerDiagnosis;
using diagnose::Diagnosis;
using diagnose::Evidence;

std::vector<ContainerDiagnosis> sample_report() {
  ContainerDiagnosis container;
  container.namespace_name = "default";
  container.pod = "spark-pi-driver";
  container.pod_uid = "0b9e6f7c-1111-4a2b-9c3d-5e6f7a8b9c0d";
  container.container = "spark-kubernetes-driver";
  container.image = "newfrontdocker/spark:v3.0.1-j14";
  container.exit_code = 101;
  container.reason = "Error";
  container.finished_at = "2026-11-20T09:14:07Z";
  container.container_id = "containerd://abc123";
  container.log_origin = kube::LogOrigin::kCurrentLog;
  container.log_lines = 41;
  Diagnosis top;
  top.cause = "spark-class-not-found";
  top.rule_id = "spark.submit-class-not-found";
  top.title = "spark-submit could not load the application's main class";
  top.confidence = 0.97;
  top.level = diagnose::ConfidenceLevel::kHigh;
  top.evidence = {
      Evidence{Evidence::Kind::kFact, "exit code 101", std::nullopt},
      Evidence{Evidence::Kind::kFact, "label spark-role=driver", std::nullopt},
      Evidence{Evidence::Kind::kLogLine,
               "WARN DependencyUtils: Local jar /opt/spark/examples/jars/x.jar does not exist, "
               "skipping.",
               35},
      Evidence{Evidence::Kind::kLogLine,
               "Error: Failed to load class org.apache.spark.examples.SparkPi.", 37}};
  top.explanation =
      "SparkSubmit exits with CLASS_NOT_FOUND_EXIT_STATUS (101) when the main class named by "
      "--class cannot be loaded. The usual reason is a jar path that does not exist in the image.";
  // As the engine fills them (suggestion_names.h): a command longer than 80 columns, one with a
  // comment, and prose.
  top.suggestions = {
      {"Check the jar inside the image",
       "kubectl run jar-check -n default --rm -it --restart=Never "
       "--image=newfrontdocker/spark:v3.0.1-j14 --command -- ls -l /opt/spark/examples/jars/",
       ""},
      {"", "kubectl get pod spark-pi-driver -n default -o jsonpath='{.spec.containers[0].args}'",
       "--class and the jar path"},
      {"Check --class against the classes in the application jar", "", ""}};
  top.seen_in = {{"https://example.org/spark/issues/1", "Failed to load class in a driver pod"}};
  top.references = {
      "https://github.com/apache/spark/blob/master/core/src/main/scala/org/apache/spark/deploy/"
      "SparkSubmit.scala"};
  Diagnosis other;
  other.cause = "application-exit-code";
  other.rule_id = "generic.exit-101";
  other.title = "The program exited with status 101";
  other.confidence = 0.12;
  other.level = diagnose::ConfidenceLevel::kLow;
  container.diagnoses = {top, other};
  container.notes.push_back(diagnose::Note{
      "network.errno-101-not-exit-code",
      "\"[Errno 101]\" in the log is ENETUNREACH, unrelated to exit code 101",
      "errno numbers and exit codes are different namespaces",
      {Evidence{Evidence::Kind::kLogLine, "OSError: [Errno 101] Network is unreachable", 12}},
      {"https://github.com/torvalds/linux/blob/master/include/uapi/asm-generic/errno.h"}});
  return {container};
}

// No rule used a log line: the report shows the log's last lines instead.
std::vector<ContainerDiagnosis> log_tail_report() {
  ContainerDiagnosis container;
  container.namespace_name = "shop";
  container.pod = "checkout-7d9f8-x2x4q";
  container.container = "api";
  container.image = "registry.example/checkout:2.4.0";
  container.exit_code = 3;
  container.reason = "Error";
  container.restart_count = 4;
  container.waiting_reason = "CrashLoopBackOff";
  container.slot = kube::TerminationSlot::kLast;
  container.log_origin = kube::LogOrigin::kPreviousLog;
  container.log_lines = 212;
  Diagnosis fallback;
  fallback.cause = "application-exit-code";
  fallback.rule_id = "engine.exit-code";
  fallback.title = "The program exited with code 3";
  fallback.confidence = 0.1;
  fallback.level = diagnose::ConfidenceLevel::kLow;
  fallback.evidence = {Evidence{Evidence::Kind::kFact, "exit code 3", std::nullopt}};
  fallback.explanation =
      "The program chose exit code 3 itself and no rule in the knowledge base matched the "
      "evidence, so its meaning is the application's. Its last log lines usually say why.";
  fallback.suggestions = {
      {"", "kubectl logs checkout-7d9f8-x2x4q -n shop -c api --previous --tail=100", ""},
      {"", "kubectl describe pod checkout-7d9f8-x2x4q -n shop",
       "events: probes, kills, evictions"}};
  container.diagnoses = {fallback};
  container.log_tail = {
      Evidence{Evidence::Kind::kLogLine, "2026-11-20T09:14:06Z INFO loading pricing rules", 209},
      Evidence{Evidence::Kind::kLogLine,
               "2026-11-20T09:14:07Z WARN pricing source postgres://checkout:[REDACTED]@db/prices "
               "returned 0 rows",
               210},
      Evidence{Evidence::Kind::kLogLine, "", 211},
      Evidence{Evidence::Kind::kLogLine, "2026-11-20T09:14:07Z FATAL no pricing rules; exiting",
               212}};
  // Events were read and no rule used them: the report lists the Warning ones.
  kube::EventFacts back_off;
  back_off.type = "Warning";
  back_off.reason = "BackOff";
  back_off.message = "Back-off restarting failed container api in pod checkout-7d9f8-x2x4q";
  back_off.source = "kubelet";
  back_off.count = 9;
  back_off.first_time = "2026-11-20T09:02:00Z";
  back_off.last_time = "2026-11-20T09:14:20Z";
  back_off.object_kind = "Pod";
  back_off.object_name = "checkout-7d9f8-x2x4q";
  kube::EventFacts mount = back_off;
  mount.reason = "FailedMount";
  mount.message =
      "MountVolume.SetUp failed for volume \"pricing\": configmap \"pricing\" not found";
  mount.count = 1;
  mount.first_time = "2026-11-20T09:01:10Z";
  mount.last_time = "2026-11-20T09:01:10Z";
  container.warning_events = {back_off, mount};
  container.resources.memory_limit = "512Mi";
  diagnose::HeapSetting heap;
  heap.flag_id = "jvm.max-ram-percentage";
  heap.runtime = "JVM";
  heap.setting = "JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75.0";
  heap.bytes = 402653184;
  heap.percent_of_limit = 75.0;
  heap.above_limit = false;
  heap.text =
      "heap JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75.0 is 75% of the 512Mi limit (384Mi), "
      "leaving 128Mi for non-heap";
  container.resources.heap = {heap};
  diagnose::ProbeTiming probe;
  probe.probe = "liveness";
  probe.period_seconds = 10;
  probe.timeout_seconds = 1;
  probe.failure_threshold = 3;
  probe.ran_seconds = 734;
  probe.text =
      "liveness: restarts it after 3 failures \u00d7 10 s (timeout 1 s); the container ran 734 "
      "s, initialDelaySeconds 0";
  container.resources.probes = {probe};
  return {container};
}

void expect_golden(const std::string& name, const std::string& actual) {
  testing_support::expect_golden(name, actual, "report_report_golden_test");
}

TEST(ReportGolden, Text) { expect_golden("spark-driver.txt", render_text(sample_report(), {})); }

// The widths the issue names: a narrow terminal, where commands run past the edge unbroken, and
// a wide one.
TEST(ReportGolden, TextAt80Columns) {
  expect_golden("spark-driver-80.txt", render_text(sample_report(), TextStyle{Color::kNo, 80}));
}

// --details cites the corpus reports of the top cause's rule under it; the default report does
// not (ReportGolden.Text).
TEST(ReportGolden, TextWithSeenIn) {
  expect_golden("spark-driver-details.txt",
                render_text(sample_report(), TextStyle{Color::kNo, 100, SeenIn::kShow}));
}

TEST(ReportGolden, TextAt200Columns) {
  expect_golden("spark-driver-200.txt", render_text(sample_report(), TextStyle{Color::kNo, 200}));
}

TEST(ReportGolden, Json) { expect_golden("spark-driver.json", render_json(sample_report())); }

TEST(ReportGolden, Yaml) { expect_golden("spark-driver.yaml", render_yaml(sample_report())); }

TEST(ReportGolden, LogTailText) {
  expect_golden("log-tail.txt", render_text(log_tail_report(), {}));
}

TEST(ReportGolden, LogTailJson) { expect_golden("log-tail.json", render_json(log_tail_report())); }

TEST(ReportGolden, ColouredTextOnlyAddsEscapes) {
  std::string coloured = render_text(sample_report(), TextStyle{Color::kYes, 100});
  std::string stripped;
  for (std::size_t i = 0; i < coloured.size(); ++i) {
    if (coloured[i] == '\x1b') {
      i = coloured.find('m', i);
      continue;
    }
    stripped += coloured[i];
  }
  EXPECT_EQ(stripped, render_text(sample_report(), {}));
}

knowledge::KnowledgeSet sample_explain_set() {
  knowledge::KnowledgeSet set;
  knowledge::Meaning rust;
  rust.code = 101;
  rust.origin = "exit-code";
  rust.source = "Rust standard library (std::rt)";
  rust.summary = "a Rust program panicked in its main thread";
  rust.cause = "rust-panic";
  rust.runtimes = {"rust"};
  rust.tell_apart = "the log has \"thread 'main' panicked at\"";
  rust.check_first = {"", "kubectl logs POD -c CONTAINER --previous | grep -n 'panicked at'", ""};
  knowledge::Meaning errno_meaning;
  errno_meaning.code = 101;
  errno_meaning.origin = "errno";
  errno_meaning.source = "Linux kernel";
  errno_meaning.summary = "ENETUNREACH: network is unreachable";
  errno_meaning.tell_apart = "appears as [Errno 101] or os error 101 in a log, not as an exit code";
  set.meanings = {errno_meaning, rust};
  return set;
}

TEST(ReportGolden, ExplainText) {
  ExplainQuery query{101, "", ""};
  expect_golden("explain-101.txt",
                render_explain_text(find_meanings(sample_explain_set(), query), query, {}));
}

TEST(ReportGolden, ExplainTextAt80Columns) {
  ExplainQuery query{101, "", ""};
  expect_golden("explain-101-80.txt",
                render_explain_text(find_meanings(sample_explain_set(), query), query,
                                    TextStyle{Color::kNo, 80}));
}

TEST(ReportGolden, ExplainJson) {
  ExplainQuery query{101, "", ""};
  expect_golden("explain-101.json",
                explain_document(find_meanings(sample_explain_set(), query), query).dump(2) + "\n");
}

TEST(TextWrap, WrapsAtWordsAndKeepsIndent) {
  EXPECT_EQ(wrap("one two three four", 9, "  "), "one two\n  three\n  four");
  EXPECT_EQ(wrap("a\nb c", 20, "> "), "a\n> b c");
}

}  // namespace
}  // namespace kexit::report
