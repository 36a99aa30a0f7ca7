#include "diagnose/corpus_report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "knowledge/knowledge_loader.h"
#include "testing/temp_directory.h"

namespace kexit::diagnose {
namespace {

knowledge::KnowledgeSet test_knowledge() {
  auto files =
      knowledge::files_in_directory(std::string(KEXIT_SOURCE_DIR) + "/tests/diagnose/knowledge");
  EXPECT_TRUE(files.ok());
  return knowledge::load_knowledge_files(*files).set;
}

// A synthetic report; `pod` and `extra` replace its pod fields and add top-level fields.
std::string report_text(const std::string& id, const std::string& split,
                        const std::string& pod = "  exit_code: 101\n  exit_code_origin: printed\n",
                        const std::string& extra = "") {
  return "id: " + id + "\nsplit: " + split + "\n" + extra +
         "source: {url: https://example.invalid, kind: docs}\n"
         "runtime: rust\n"
         "pod:\n" +
         pod +
         "log: |\n  thread 'main' panicked at src/main.rs:1:1:\n"
         "describe: \"\"\nevents: \"\"\n"
         "expected:\n  cause: rust-panic\n  also_acceptable: cargo-build-failure\n"
         "  established_by: synthetic\n"
         "decoy: \"\"\nnotes: \"\"\n";
}

class CorpusReportTest : public testing::Test {
 protected:
  Expected<CorpusReport> parse(const std::string& text, const std::string& name = "a") {
    return parse_corpus_report(text, "r/" + name + ".yaml", knowledge_);
  }
  std::string error_of(const std::string& text, const std::string& name = "a") {
    auto report = parse(text, name);
    return report ? std::string("no error") : report.error().to_string();
  }

  knowledge::KnowledgeSet knowledge_ = test_knowledge();
};

TEST_F(CorpusReportTest, ReadsFactsLogAndExpectations) {
  auto report = parse(report_text("a", "development",
                                  "  exit_code: 101\n  exit_code_origin: printed\n"
                                  "  reason: Error\n  container: app\n  image: example/app:1\n"
                                  "  command: [/app]\n  env: {RUST_BACKTRACE: '1', TOKEN: s}\n"
                                  "  waiting_reason: CrashLoopBackOff\n  pod_reason: Evicted\n"));
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  EXPECT_EQ(report->id, "a");
  EXPECT_EQ(report->where, "r/a.yaml");
  EXPECT_EQ(report->split, CorpusSplit::kDevelopment);
  EXPECT_EQ(report->runtime, "rust");
  ASSERT_EQ(report->pod.to_diagnose.size(), 1u);
  const kube::ContainerFacts& container = report->pod.to_diagnose.front();
  EXPECT_EQ(container.termination.exit_code, 101);
  EXPECT_EQ(container.termination.reason, "Error");
  EXPECT_EQ(container.name, "app");
  EXPECT_EQ(container.image, "example/app:1");
  EXPECT_EQ(container.command, std::vector<std::string>{"/app"});
  EXPECT_EQ(container.env_names, (std::vector<std::string>{"RUST_BACKTRACE", "TOKEN"}));
  // Values only where a real pod's would be kept: never a secret's.
  EXPECT_EQ(container.env_values, (std::map<std::string, std::string>{{"RUST_BACKTRACE", "1"}}));
  EXPECT_EQ(container.waiting_reason, "CrashLoopBackOff");
  EXPECT_EQ(report->pod.reason, "Evicted");
  EXPECT_EQ(report->log.text, "thread 'main' panicked at src/main.rs:1:1:\n");
  EXPECT_EQ(report->log.origin, kube::LogOrigin::kCurrentLog);
  EXPECT_EQ(report->expected_cause, "rust-panic");
  EXPECT_EQ(report->also_acceptable, "cargo-build-failure");
}

TEST_F(CorpusReportTest, AnAbsentExitCodeStaysUnknown) {
  auto report = parse(report_text("a", "development", "  image: example/app:1\n"));
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  EXPECT_FALSE(report->pod.to_diagnose.front().termination.exit_code.has_value());
}

// A report whose pod section shows only the container and whose describe: text shows the rest.
std::string report_with_describe(const std::string& pod, const std::string& describe) {
  std::string text = report_text("a", "development", pod);
  std::string indented;
  for (std::size_t start = 0; start < describe.size();) {
    std::size_t end = describe.find('\n', start);
    indented += "  " + describe.substr(start, end - start) + "\n";
    start = end + 1;
  }
  const std::string empty = "describe: \"\"\n";
  return text.replace(text.find(empty), empty.size(), "describe: |\n" + indented);
}

const char* const kPendingDescribe =
    "Name:         db-0\n"
    "Namespace:    shop\n"
    "Node:         <none>\n"
    "Status:       Pending\n"
    "Containers:\n"
    "  db:\n"
    "    Image:        postgres:16\n"
    "    Port:         <none>\n"
    "Conditions:\n"
    "  Type           Status\n"
    "  PodScheduled   False \n"
    "Events:\n"
    "  Type     Reason            Age   From               Message\n"
    "  ----     ------            ----  ----               -------\n"
    "  Warning  FailedScheduling  2m    default-scheduler  0/3 nodes are available: 3 "
    "Insufficient memory.\n";

TEST_F(CorpusReportTest, APendingPodInTheDescribeTextIsAPodFailureNotATermination) {
  auto report =
      parse(report_with_describe("  image: postgres:16\n  container: db\n", kPendingDescribe));
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  EXPECT_EQ(report->pod.phase, "Pending");
  ASSERT_EQ(report->pod.to_diagnose.size(), 1u);
  const kube::ContainerFacts& db = report->pod.to_diagnose.front();
  EXPECT_EQ(db.outcome, kube::ContainerOutcome::kPodFailed);
  EXPECT_EQ(db.name, "db");
  EXPECT_EQ(db.image, "postgres:16");
  EXPECT_FALSE(db.termination.exit_code.has_value());
  ASSERT_EQ(report->pod.events.size(), 1u);
  EXPECT_EQ(report->pod.events[0].message, "0/3 nodes are available: 3 Insufficient memory.");
}

TEST_F(CorpusReportTest, ATerminationTheReportShowsStaysATermination) {
  auto report = parse(report_with_describe(
      "  exit_code: 1\n  exit_code_origin: printed\n  container: db\n", kPendingDescribe));
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  ASSERT_EQ(report->pod.to_diagnose.size(), 1u);
  EXPECT_EQ(report->pod.to_diagnose.front().outcome, kube::ContainerOutcome::kTerminated);
  EXPECT_EQ(report->pod.to_diagnose.front().termination.exit_code, 1);
}

TEST_F(CorpusReportTest, TheDescribedLastStateFillsATerminationTheReportLeftOut) {
  auto report = parse(report_with_describe(
      "  container: app\n",
      "Name:         app-1\nNamespace:    shop\nNode:         node-1\nStatus:       Running\n"
      "Containers:\n  app:\n    Image:          example/app:1\n"
      "    State:          Waiting\n      Reason:       CrashLoopBackOff\n"
      "    Last State:     Terminated\n      Reason:       OOMKilled\n"
      "      Exit Code:    137\n    Ready:          False\n    Restart Count:  4\n"
      "Events:            <none>\n"));
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  EXPECT_EQ(report->pod.phase, "Running");
  ASSERT_EQ(report->pod.to_diagnose.size(), 1u);
  const kube::ContainerFacts& app = report->pod.to_diagnose.front();
  EXPECT_EQ(app.outcome, kube::ContainerOutcome::kTerminated);
  EXPECT_EQ(app.termination.exit_code, 137);
  EXPECT_EQ(app.termination.reason, "OOMKilled");
  EXPECT_EQ(app.waiting_reason, "CrashLoopBackOff");
}

TEST_F(CorpusReportTest, AStartFailureWithoutATerminationNeverStarted) {
  auto pulled = parse(report_text("a", "development", "  waiting_reason: ImagePullBackOff\n"));
  ASSERT_TRUE(pulled.ok()) << pulled.error().to_string();
  EXPECT_EQ(pulled->pod.to_diagnose.front().outcome, kube::ContainerOutcome::kNeverStarted);
  auto looping = parse(report_text("a", "development", "  waiting_reason: CrashLoopBackOff\n"));
  ASSERT_TRUE(looping.ok()) << looping.error().to_string();
  EXPECT_EQ(looping->pod.to_diagnose.front().outcome, kube::ContainerOutcome::kTerminated);
}

// A report that quotes the scheduler's Event and nothing of the pod's status: FailedScheduling is
// written only for a pod no node was found for, so the pod is Pending.
TEST_F(CorpusReportTest, AFailedSchedulingEventAloneMakesThePodPending) {
  std::string text = report_text("a", "development", "  container: db\n");
  const std::string empty = "events: \"\"\n";
  text.replace(text.find(empty), empty.size(),
               "events: |\n"
               "  Type     Reason            Age   From               Message\n"
               "  ----     ------            ----  ----               -------\n"
               "  Warning  FailedScheduling  2m    default-scheduler  0/1 nodes are available: 1 "
               "node(s) had untolerated taint {node-role: infra}.\n");
  auto report = parse(text);
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  EXPECT_EQ(report->pod.phase, "Pending");
  ASSERT_EQ(report->pod.to_diagnose.size(), 1u);
  EXPECT_EQ(report->pod.to_diagnose.front().outcome, kube::ContainerOutcome::kPodFailed);
}

// A Job's status quoted as the describe text: its Failed condition is what the owner lookup would
// add to the pod in cluster mode.
TEST_F(CorpusReportTest, AQuotedJobStatusGivesItsFailedCondition) {
  auto report =
      parse(report_with_describe("  container: upgrade\n",
                                 "conditions:\n"
                                 "- lastTransitionTime: \"2020-04-01T09:48:21Z\"\n"
                                 "  message: Job was active longer than specified deadline\n"
                                 "  reason: DeadlineExceeded\n"
                                 "  status: \"True\"\n"
                                 "  type: Failed\n"
                                 "failed: 5\n"));
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  ASSERT_EQ(report->pod.conditions.size(), 1u);
  EXPECT_EQ(report->pod.conditions[0],
            "Job Failed=True: DeadlineExceeded: Job was active longer than specified deadline");
}

TEST_F(CorpusReportTest, AQuotedObjectOfAnotherKindGivesNoJobCondition) {
  auto report = parse(report_with_describe("  container: app\n",
                                           "kind: Deployment\n"
                                           "status:\n"
                                           "  conditions:\n"
                                           "  - type: Failed\n"
                                           "    status: \"True\"\n"
                                           "    reason: DeadlineExceeded\n"));
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  EXPECT_TRUE(report->pod.conditions.empty());
}

TEST_F(CorpusReportTest, SignalsByNumberOrByName) {
  auto named = parse(report_text("a", "development", "  signal: SIGKILL\n"));
  ASSERT_TRUE(named.ok()) << named.error().to_string();
  EXPECT_EQ(named->pod.to_diagnose.front().termination.signal, 9);
  auto number = parse(report_text("a", "development", "  signal: 11\n"));
  ASSERT_TRUE(number.ok());
  EXPECT_EQ(number->pod.to_diagnose.front().termination.signal, 11);
  auto text = parse(report_text("a", "development", "  signal: \"15\"\n"));
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->pod.to_diagnose.front().termination.signal, 15);
  EXPECT_EQ(error_of(report_text("a", "development", "  signal: SIGNOPE\n")),
            "r/a.yaml:.pod.signal: unknown signal \"SIGNOPE\"; write its number or a name from "
            "knowledge/signals.yaml");
}

TEST_F(CorpusReportTest, RefusesASplitThatDisagreesWithTheName) {
  EXPECT_EQ(error_of(report_text("synthetic-held", "development"), "synthetic-held"),
            "r/synthetic-held.yaml:.split: \"development\" but split.py puts synthetic-held.yaml "
            "in held-out; write split: held-out, or record why it moved in moved_from_held_out");
  EXPECT_EQ(error_of(report_text("a", "held-out")),
            "r/a.yaml:.split: \"held-out\" but split.py puts a.yaml in development; write split: "
            "development");
  EXPECT_EQ(error_of(report_text("a", "dev")),
            "r/a.yaml:.split: expected development or held-out, got \"dev\"");
}

TEST_F(CorpusReportTest, AcceptsARecordedMoveFromHeldOut) {
  const std::string moved = "moved_from_held_out: \"2026-12-06: read it\"\n";
  auto report = parse(report_text("synthetic-held", "development", "", moved), "synthetic-held");
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  EXPECT_EQ(report->split, CorpusSplit::kDevelopment);
  EXPECT_EQ(report->moved_from_held_out, "2026-12-06: read it");
  EXPECT_EQ(error_of(report_text("a", "development", "", moved)),
            "r/a.yaml:.moved_from_held_out: a.yaml was never held-out (split.py says "
            "development); remove the field");
  EXPECT_EQ(error_of(report_text("synthetic-held", "held-out", "", moved), "synthetic-held"),
            "r/synthetic-held.yaml:.split: a report that moved from held-out is development; "
            "write split: development");
}

TEST_F(CorpusReportTest, ErrorsNameTheFileAndTheField) {
  EXPECT_EQ(error_of(report_text("a", "development", "  exitCode: 1\n")),
            "r/a.yaml:.pod.exitCode: unknown field; see tests/corpus/README.md");
  EXPECT_EQ(error_of(report_text("a", "development",
                                 "  exit_code: \"101\"\n  exit_code_origin: printed\n")),
            "r/a.yaml:.pod.exit_code: expected an integer, got \"101\"");
  EXPECT_EQ(error_of(report_text("a", "development", "  exit_code: 101\n")),
            "r/a.yaml:.pod.exit_code_origin: expected printed or derived, got \"\"; see "
            "tests/corpus/README.md");
  EXPECT_EQ(
      error_of(report_text("a", "development", "  exit_code: 101\n  exit_code_origin: derived\n")),
      "r/a.yaml:.pod.exit_code_rule: missing; a derived exit code names the documented "
      "rule it follows");
  EXPECT_EQ(error_of(report_text("a", "development", "  exit_code_origin: printed\n")),
            "r/a.yaml:.pod.exit_code_origin: set without exit_code; add the code or remove it");
  EXPECT_EQ(error_of(report_text("b", "development")),
            "r/a.yaml:.id: \"b\" is not the file's name; rename one to match");
  EXPECT_EQ(error_of(report_text("a", "development", "  command: /app\n")),
            "r/a.yaml:.pod.command: expected a list of strings, got \"/app\"");
}

TEST_F(CorpusReportTest, RequiresTheExpectedCause) {
  std::string text = report_text("a", "development");
  text.replace(text.find("  cause: rust-panic\n"), 20, "");
  EXPECT_EQ(error_of(text), "r/a.yaml:.expected.cause: missing; see tests/corpus/README.md");
  EXPECT_EQ(error_of("id: [a\n"),
            "r/a.yaml:2:1: invalid YAML: end of sequence flow not found; fix the indentation or "
            "quoting there");
  EXPECT_EQ(error_of("- a\n"),
            "r/a.yaml: expected one YAML mapping, a report; see "
            "tests/corpus/README.md");
}

std::string write_file_in(const std::filesystem::path& directory, const std::string& name,
                          const std::string& text) {
  std::filesystem::create_directories(directory);
  std::ofstream(directory / name) << text;
  return (directory / name).string();
}

TEST_F(CorpusReportTest, LoadsADirectoryAndNamesEveryBadFile) {
  testing_support::TempDirectory temp;
  std::filesystem::path directory = temp.path();
  write_file_in(directory, "b.yaml", report_text("b", "development"));
  write_file_in(directory, "a.yaml", report_text("a", "development"));
  write_file_in(directory, "e.yaml", report_text("e", "held-out"));
  write_file_in(directory, "notes.md", "not a report");
  auto corpus = load_corpus(directory.string(), knowledge_);
  ASSERT_TRUE(corpus.ok()) << corpus.error().to_string();
  ASSERT_EQ(corpus->reports.size(), 2u);
  EXPECT_EQ(corpus->reports[0].id, "a");
  EXPECT_EQ(corpus->reports[1].id, "b");
  ASSERT_EQ(corpus->errors.size(), 1u);
  EXPECT_EQ(corpus->errors[0].to_string(),
            (directory / "e.yaml").string() +
                ":.split: \"held-out\" but split.py puts e.yaml in development; write split: "
                "development");
}

TEST_F(CorpusReportTest, AMissingDirectoryIsAnError) {
  auto corpus = load_corpus("/nonexistent/reports", knowledge_);
  ASSERT_FALSE(corpus.ok());
  EXPECT_EQ(corpus.error().to_string(),
            "/nonexistent/reports: cannot read the corpus directory: No such file or directory; "
            "check the path");
}

TEST_F(CorpusReportTest, TheSyntheticCorpusLoads) {
  auto corpus =
      load_corpus(std::string(KEXIT_SOURCE_DIR) + "/tests/diagnose/fixtures/corpus", knowledge_);
  ASSERT_TRUE(corpus.ok());
  for (const auto& error : corpus->errors) {
    ADD_FAILURE() << error.to_string();
  }
  EXPECT_EQ(corpus->reports.size(), 8u);
}

}  // namespace
}  // namespace kexit::diagnose
