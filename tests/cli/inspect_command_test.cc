// `kexit inspect` end to end, through the real binary: examples, formats, errors, redaction.

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "base/file_reading.h"
#include "base/structured_text.h"
#include "report/golden_file.h"
#include "testing/paths.h"
#include "testing/process_runner.h"
#include "testing/temp_directory.h"

namespace kexit {
namespace {

using testing_support::kexit_binary;
using testing_support::run_command;
using testing_support::source_path;

struct Example {
  std::string directory;
  std::string container;
  std::string cause;
  // The log file in the directory: expect.yaml's `log`, else CONTAINER.log.
  std::string log;
};

std::vector<Example> bundled_examples() {
  std::vector<Example> examples;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("examples"))) {
    auto expect_path = entry.path() / "expect.yaml";
    if (!std::filesystem::exists(expect_path)) {
      continue;
    }
    auto text = read_file(expect_path.string());
    auto documents = parse_yaml_documents(*text, expect_path.string());
    EXPECT_TRUE(documents.ok());
    const auto& expect = documents->front();
    std::string container = expect.at("container").get<std::string>();
    examples.push_back({entry.path().string(), container, expect.at("cause").get<std::string>(),
                        expect.value("log", container + ".log")});
  }
  std::sort(examples.begin(), examples.end(),
            [](const Example& a, const Example& b) { return a.directory < b.directory; });
  return examples;
}

std::string inspect_command(const Example& example, const std::string& format) {
  std::string command = kexit_binary() + " inspect --no-color -o " + format + " --file " +
                        example.directory + "/pod.yaml";
  std::string log = example.directory + "/" + example.log;
  EXPECT_TRUE(std::filesystem::exists(log)) << log;
  return command + " --logs " + example.container + "=" + log;
}

const nlohmann::json* find_container(const nlohmann::json& report, const std::string& name) {
  for (const auto& container : report.at("containers")) {
    if (container.at("container") == name) {
      return &container;
    }
  }
  return nullptr;
}

TEST(InspectCommand, EveryExampleGetsItsCauseInAllThreeFormats) {
  auto examples = bundled_examples();
  ASSERT_FALSE(examples.empty());
  bool spark_seen = false;
  for (const auto& example : examples) {
    SCOPED_TRACE(example.directory);
    spark_seen = spark_seen || example.cause == "spark-class-not-found";
    auto json_run = run_command(inspect_command(example, "json"));
    ASSERT_EQ(json_run.exit_code, 0) << json_run.err;
    auto report = nlohmann::json::parse(json_run.out);
    const auto* container = find_container(report, example.container);
    ASSERT_NE(container, nullptr);
    EXPECT_EQ(container->at("diagnoses").at(0).at("cause"), example.cause);

    auto yaml_run = run_command(inspect_command(example, "yaml"));
    ASSERT_EQ(yaml_run.exit_code, 0) << yaml_run.err;
    auto yaml_report = parse_yaml_documents(yaml_run.out, "stdout");
    ASSERT_TRUE(yaml_report.ok()) << yaml_report.error().to_string();
    container = find_container(yaml_report->front(), example.container);
    ASSERT_NE(container, nullptr);
    EXPECT_EQ(container->at("diagnoses").at(0).at("cause"), example.cause);

    auto text_run = run_command(inspect_command(example, "text"));
    ASSERT_EQ(text_run.exit_code, 0) << text_run.err;
    EXPECT_NE(text_run.out.find("  1. " + example.cause + "  ["), std::string::npos)
        << text_run.out;
  }
  EXPECT_TRUE(spark_seen) << "the Spark driver example must be bundled";
}

// The source tree's place differs per checkout; goldens name paths from the root.
std::string from_source_root(std::string out) {
  for (auto at = out.find(source_path("")); at != std::string::npos;
       at = out.find(source_path(""))) {
    out.replace(at, source_path("").size(), "");
  }
  return out;
}

// A workload's own exit-code meaning (the pod annotation), offline: the whole text and JSON.
TEST(InspectCommand, DeclaredExitCodeMatchesItsGolden) {
  Example declared{source_path("examples/declared-exit-code"), "import", "", "import.log"};
  for (const std::string format : {"text", "json"}) {
    auto run = run_command(inspect_command(declared, format) + " --details");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    std::string out = from_source_root(run.out);
    testing_support::expect_golden("inspect-declared-exit-code." + format, out,
                                   "cli_inspect_command_test");
  }
}

// Exit 137 with no reason and a log that names nothing: the base rate ranks, in words, and its
// derivation is cited (text --details and JSON).
TEST(InspectCommand, BaseRateMatchesItsGolden) {
  Example rate{source_path("examples/base-rate-137"), "worker", "", "worker.log"};
  for (const std::string format : {"text", "json"}) {
    auto run = run_command(inspect_command(rate, format) + " --details");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    std::string out = from_source_root(run.out);
    testing_support::expect_golden("inspect-base-rate-137." + format, out,
                                   "cli_inspect_command_test");
  }
}

TEST(InspectCommand, JsonHasTheDocumentedContract) {
  Example spark{source_path("examples/spark-driver"), "spark-kubernetes-driver", "", "driver.log"};
  auto run = run_command(inspect_command(spark, "json"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto container = nlohmann::json::parse(run.out).at("containers").at(0);
  for (const char* field : {"namespace", "pod", "container", "containerType", "exitCode", "signal",
                            "reason", "restartCount", "image", "diagnoses"}) {
    EXPECT_TRUE(container.contains(field)) << field;
  }
  EXPECT_EQ(container.at("exitCode"), 101);
  EXPECT_EQ(container.at("image"), "newfrontdocker/spark:v3.0.1-j14");
  auto diagnosis = container.at("diagnoses").at(0);
  for (const char* field : {"cause", "rule", "title", "confidence", "level", "evidence",
                            "explanation", "suggestions", "references"}) {
    EXPECT_TRUE(diagnosis.contains(field)) << field;
  }
  bool log_line = false;
  for (const auto& evidence : diagnosis.at("evidence")) {
    log_line = log_line || (evidence.at("kind") == "log" && evidence.contains("line"));
  }
  EXPECT_TRUE(log_line) << "the top Spark diagnosis cites log lines with line numbers";
}

TEST(InspectCommand, ReadsThePodFromStandardInput) {
  auto run = run_command("cat " + source_path("examples/spark-driver/pod.yaml") + " | " +
                         kexit_binary() + " inspect --file - -o json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out).at("containers").size(), 1u);
}

TEST(InspectCommand, MalformedPodIsAOneLineErrorWithItsPath) {
  auto run = run_command(kexit_binary() + " inspect --file " +
                         source_path("tests/cli/fixtures/malformed-exit-code.json"));
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.err, "kexit: " + source_path("tests/cli/fixtures/malformed-exit-code.json") +
                         ":.status.containerStatuses[2].lastState.terminated.exitCode: expected "
                         "an integer, got \"abc\"\n");
  EXPECT_TRUE(run.out.empty());
}

TEST(InspectCommand, BrokenYamlNamesLineAndColumn) {
  auto run = run_command(kexit_binary() + " inspect --file " +
                         source_path("tests/cli/fixtures/truncated.yaml"));
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.err.rfind("kexit: " + source_path("tests/cli/fixtures/truncated.yaml") + ":", 0),
            0u)
      << run.err;
  EXPECT_NE(run.err.find("invalid YAML"), std::string::npos);
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1);
}

// Hostile pod files (issue 15): writes TEXT to a fresh file, runs `kexit inspect --file` on it
// under a generous `timeout`, and returns the run with the peak RSS of the test's children.
struct HostileRun {
  testing_support::CommandOutput run;
  std::string path;
  long peak_kib = 0;
};

HostileRun inspect_hostile(const std::string& name, const std::string& text) {
  HostileRun hostile;
  testing_support::TempDirectory directory;
  hostile.path = directory.write(name, text);
  // Before the limits these took >60 s or died of SIGSEGV; 60 s only catches a regression.
  hostile.run = run_command("timeout 60 " + kexit_binary() + " inspect --file " + hostile.path);
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  hostile.peak_kib = usage.ru_maxrss;
  return hostile;
}

// The peak RSS of the children of a test process; sanitizer builds use more, hence a wide bound.
constexpr long kHostilePeakKib = 512 * 1024;

TEST(InspectCommand, DeeplyNestedPodIsAnInputErrorNotACrash) {
  std::string nested = std::string(200000, '[') + std::string(200000, ']');
  auto json = inspect_hostile(
      "deep.json", R"({"kind": "Pod", "metadata": {"annotations": {"x": )" + nested + "}}}");
  EXPECT_EQ(json.run.exit_code, 3) << json.run.err;
  EXPECT_EQ(json.run.err, "kexit: " + json.path +
                              ":1:304: JSON nested deeper than 256 levels, kexit's limit (a "
                              "Kubernetes object nests about 10); pass the file as kubectl wrote "
                              "it\n");
  auto yaml = inspect_hostile("deep.yaml", "kind: Pod\nmetadata: " + nested + "\n");
  EXPECT_EQ(yaml.run.exit_code, 3) << yaml.run.err;
  EXPECT_EQ(yaml.run.err, "kexit: " + yaml.path +
                              ":2:266: YAML nested deeper than 256 levels, kexit's limit (a "
                              "Kubernetes object nests about 10); pass the file as kubectl or "
                              "your editor wrote it\n");
  EXPECT_LT(yaml.peak_kib, kHostilePeakKib);
}

TEST(InspectCommand, YamlAliasBombIsAnInputErrorInBoundedMemory) {
  std::string text =
      "kind: Pod\nmetadata:\n  annotations:\n    l0: &l0 [lol, lol, lol, lol, lol, "
      "lol, lol, lol, lol]\n";
  for (int level = 1; level < 10; ++level) {
    std::string alias = "*l" + std::to_string(level - 1);
    std::string list = alias;
    for (int i = 1; i < 9; ++i) {
      list += ", " + alias;
    }
    text += "    l" + std::to_string(level) + ": &l" + std::to_string(level) + " [" + list + "]\n";
  }
  ASSERT_LT(text.size(), 1024u);
  auto bomb = inspect_hostile("laughs.yaml", text);
  EXPECT_EQ(bomb.run.exit_code, 3) << bomb.run.err;
  EXPECT_EQ(bomb.run.err, "kexit: " + bomb.path +
                              ":9:24: YAML aliases expand to more than 1000000 nodes and bytes, "
                              "kexit's limit for this file (a \"billion laughs\"?); write the "
                              "aliased values out, or pass JSON (kubectl get -o json)\n");
  EXPECT_LT(bomb.peak_kib, kHostilePeakKib);
}

TEST(InspectCommand, DocumentThatIsNoPodIsAnInputError) {
  auto foo = inspect_hostile("foo.json", R"({"foo": 1})");
  EXPECT_EQ(foo.run.exit_code, 3);
  EXPECT_EQ(foo.run.err, "kexit: " + foo.path +
                             ":.kind: no kind, and neither spec.containers nor "
                             "status.containerStatuses: not a Pod; pass a pod (kubectl get pod "
                             "NAME -o json)\n");
}

TEST(InspectCommand, MissingFilesAndUnknownContainersAreClearErrors) {
  auto missing = run_command(kexit_binary() + " inspect --file /nonexistent/pod.json");
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_EQ(missing.err,
            "kexit: /nonexistent/pod.json: cannot read file: No such file or directory; check "
            "the path\n");
  auto wrong_container =
      run_command(kexit_binary() + " inspect --file " +
                  source_path("examples/spark-driver/pod.yaml") + " --logs nope=/dev/null");
  EXPECT_EQ(wrong_container.exit_code, 3);
  EXPECT_NE(wrong_container.err.find("no terminated container \"nope\""), std::string::npos)
      << wrong_container.err;
  EXPECT_NE(wrong_container.err.find("terminated: spark-kubernetes-driver"), std::string::npos);
}

TEST(InspectCommand, BadKnowledgeDirectoryIsAnErrorWithLocation) {
  testing_support::TempDirectory temp;
  std::string directory = temp.path();
  temp.write("bad.yaml",
             "rules:\n  - id: x.y\n    cause: no-such-cause\n"
             "    title: t\n    weight: 0.5\n"
             "    explanation: e\n    references: [r]\n");
  auto run =
      run_command(kexit_binary() + " inspect --file " +
                  source_path("examples/spark-driver/pod.yaml") + " --knowledge " + directory);
  EXPECT_EQ(run.exit_code, 4);
  EXPECT_EQ(run.err, "kexit: " + directory +
                         "/bad.yaml:2: unknown cause \"no-such-cause\"; use a slug from "
                         "causes.yaml (see knowledge/README.md)\n");
}

TEST(InspectCommand, NoSecretSurvivesIntoAnyOutputFormat) {
  const std::vector<std::string> secrets = {"Pg-Pass-771",          "tok-Bearer-9f8e7d6c5b4a",
                                            "AKIAZZZZZZZZZZZZ9999", "Aws-Secret-Key-0042",
                                            "Apemkey-line-1",       "Jwt-Sig-Part-77",
                                            "Json-Pass-313",        "Api-Key-424",
                                            "Pem-Line-2",           "Env-Pass-552"};
  for (const char* format : {"text", "json", "yaml"}) {
    SCOPED_TRACE(format);
    auto run = run_command(kexit_binary() + " inspect --no-color -o " + format + " --file " +
                           source_path("tests/cli/fixtures/secrets-pod.yaml") +
                           " --logs api=" + source_path("tests/cli/fixtures/secrets.log") +
                           " --knowledge " + source_path("tests/cli/fixtures/leak-knowledge"));
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.out.find("LEAK"), std::string::npos) << "the leaky lines must be shown";
    EXPECT_NE(run.out.find("[REDACTED"), std::string::npos);
    for (const auto& secret : secrets) {
      EXPECT_EQ(run.out.find(secret), std::string::npos) << secret << " leaked:\n" << run.out;
      EXPECT_EQ(run.err.find(secret), std::string::npos) << secret << " leaked to stderr";
    }
  }
}

TEST(InspectCommand, EvictedPodWithoutTerminatedContainerIsDiagnosed) {
  auto run = run_command(kexit_binary() + " inspect -o json --file " +
                         testing_support::fixture_path("is-healthy-evicted.yaml"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto report = nlohmann::json::parse(run.out);
  const auto* container = find_container(report, "busybox");
  ASSERT_NE(container, nullptr) << run.out;
  EXPECT_EQ(container->at("diagnoses").at(0).at("cause"), "evicted");
  EXPECT_TRUE(container->at("exitCode").is_null());
}

// checkout-web of kubesim's mixed scenario, killed by its liveness probe, as the real kubectl
// wrote it (tests/cli/fixtures/README.md): the kubelet's Unhealthy and Killing Events make the
// liveness kill high; without them it stays medium.
std::pair<std::string, std::set<std::string>> top_level_and_event_reasons(
    const std::string& files) {
  auto run = run_command(kexit_binary() + " inspect -o json" + files);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  if (run.exit_code != 0) {
    return {};
  }
  auto report = nlohmann::json::parse(run.out);
  const auto* container = find_container(report, "web");
  EXPECT_NE(container, nullptr) << run.out;
  if (container == nullptr) {
    return {};
  }
  const auto& top = container->at("diagnoses").at(0);
  EXPECT_EQ(top.at("cause"), "liveness-probe-kill");
  std::set<std::string> reasons;
  for (const auto& evidence : top.at("evidence")) {
    if (evidence.at("kind") == "event") {
      reasons.insert(evidence.at("event").at("reason").get<std::string>());
    }
  }
  return {top.at("level").get<std::string>(), reasons};
}

const std::set<std::string> kProbeEvents = {"Killing", "Unhealthy"};

TEST(InspectCommand, ReadsTheListOfKubectlGetPodEventsAsYaml) {
  auto [level, reasons] = top_level_and_event_reasons(
      " --file " + source_path("tests/cli/fixtures/liveness-kill-pod-events.yaml"));
  EXPECT_EQ(level, "high");
  EXPECT_EQ(reasons, kProbeEvents);
}

TEST(InspectCommand, ReadsAnEventListOfEventsK8sIoBesideThePod) {
  const std::string pod = " --file " + source_path("tests/cli/fixtures/liveness-kill-pod.yaml");
  auto [level, reasons] = top_level_and_event_reasons(
      pod + " --file " + source_path("tests/cli/fixtures/liveness-kill-events.k8s.io.json"));
  EXPECT_EQ(level, "high");
  EXPECT_EQ(reasons, kProbeEvents);
  auto [alone, none] = top_level_and_event_reasons(pod);
  EXPECT_EQ(alone, "medium");
  EXPECT_TRUE(none.empty());
}

TEST(InspectCommand, ExitZeroCrashLoopIsReportedWithoutFlags) {
  auto run = run_command(kexit_binary() + " inspect -o json --file " +
                         source_path("tests/cli/fixtures/exit-zero-crash-loop.yaml"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto report = nlohmann::json::parse(run.out);
  const auto* container = find_container(report, "warmer");
  ASSERT_NE(container, nullptr);
  EXPECT_EQ(container->at("diagnoses").at(0).at("cause"), "normal-exit-restarted");
}

TEST(InspectCommand, CompletedJobPodIsLeftOutWithoutFlags) {
  std::string file = source_path("tests/cli/fixtures/completed-job.yaml");
  auto run = run_command(kexit_binary() + " inspect --file " + file);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out,
            "no terminated container found in 1 pod (containers that completed with exit code 0 "
            "and were not restarted are left out unless --include-completed)\n");
  auto included =
      run_command(kexit_binary() + " inspect -o json --include-completed --file " + file);
  ASSERT_EQ(included.exit_code, 0) << included.err;
  EXPECT_NE(find_container(nlohmann::json::parse(included.out), "report"), nullptr);
}

TEST(InspectCommand, UsageErrorsExitTwo) {
  EXPECT_EQ(run_command(kexit_binary() + " inspect").exit_code, 2);
  EXPECT_EQ(run_command(kexit_binary() + " inspect --file x -o xml").exit_code, 2);
  EXPECT_EQ(run_command(kexit_binary() + " frobnicate").exit_code, 2);
}

// Next steps name the pod's node; a pod file without spec.nodeName drops the step that needs
// it, rather than passing NODE off as a node's name.
TEST(InspectCommand, NextStepsNameTheNodeOrSayItIsUnknown) {
  const std::string pod = R"({"kind": "Pod",
    "metadata": {"name": "web-1", "namespace": "shop"},
    "spec": {NODE_FIELD"containers": [{"name": "web", "image": "web:1"}]},
    "status": {"phase": "Failed", "reason": "Evicted",
               "message": "The node was low on resource: memory. ",
               "containerStatuses": [{"name": "web", "restartCount": 0,
                 "state": {"terminated": {"exitCode": 137, "reason": "ContainerStatusUnknown"}}}]}})";
  const auto step = [](const char* text, const char* command, const char* comment) {
    auto or_null = [](const char* value) {
      return value ? nlohmann::json(value) : nlohmann::json(nullptr);
    };
    return nlohmann::json{
        {"text", or_null(text)}, {"command", or_null(command)}, {"comment", or_null(comment)}};
  };
  const nlohmann::json status_message =
      step(nullptr, "kubectl get pod web-1 -n shop -o jsonpath='{.status.message}'", nullptr);
  const nlohmann::json requests = step(
      "Set requests close to real usage (pods over their requests are evicted first) and a "
      "resources.limits.ephemeral-storage that fits logs and temp files",
      nullptr, nullptr);
  for (const auto& [field, expected] :
       {std::pair<std::string, nlohmann::json>{
            "\"nodeName\": \"worker-3\", ",
            nlohmann::json::array({status_message,
                                   step(nullptr, "kubectl describe node worker-3",
                                        "Conditions MemoryPressure / DiskPressure"),
                                   requests})},
        std::pair<std::string, nlohmann::json>{
            "", nlohmann::json::array({status_message, requests})}}) {
    std::string text = pod;
    text.replace(text.find("NODE_FIELD"), 10, field);
    const std::string path =
        ::testing::TempDir() + "/" + std::to_string(getpid()) + "-evicted-node.json";
    std::ofstream(path) << text;
    auto run = run_command(kexit_binary() + " inspect --file " + path + " -o json");
    std::filesystem::remove(path);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto report = nlohmann::json::parse(run.out);
    const auto& top = report["containers"][0]["diagnoses"][0];
    EXPECT_EQ(top["cause"], "evicted");
    EXPECT_EQ(top["nextSteps"], expected) << top["nextSteps"].dump(1);
  }
}

// A directory inspect --save did not write is the user's input to fix (status 3), named,
// with what to pass instead; never an internal error.
TEST(InspectCommand, ADirectoryThatIsNoSaveIsAnInputErrorNamingIt) {
  testing_support::TempDirectory directory;
  auto run = run_command(kexit_binary() + " inspect --file " + directory.path());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "kexit: " + directory.path() +
                         ": a directory without manifest.json is not a saved inspection; pass a "
                         "pod file, or a directory written by kexit inspect --save\n");
}

}  // namespace
}  // namespace kexit
