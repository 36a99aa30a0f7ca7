// The corpus of secret shapes (tests/knowledge/secret_shapes/corpus.yaml) through every output
// of `kexit inspect`: the text, JSON and YAML reports of the real binary, and the files of
// --save. Secrets come in through the log, the termination message and an Event; none may come
// out, and every look-alike must come out intact.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/file_reading.h"
#include "base/structured_text.h"
#include "cli/inspection_save.h"
#include "knowledge/builtin_knowledge.h"
#include "knowledge/compiled_knowledge.h"
#include "kube/pod_parser.h"
#include "testing/paths.h"
#include "testing/process_runner.h"
#include "testing/secret_corpus.h"
#include "testing/temp_directory.h"

namespace kexit::cli {
namespace {

using nlohmann::json;
using testing_support::kexit_binary;
using testing_support::leaked_secret;
using testing_support::run_command;
using testing_support::secret_corpus;
using testing_support::source_path;

// The engine shows the last four lines a rule's log pattern matched: the corpus goes in groups
// of four.
constexpr std::size_t kLinesPerRun = 4;

std::vector<std::vector<std::string>> groups(const std::vector<std::string>& lines) {
  std::vector<std::vector<std::string>> out;
  for (std::size_t start = 0; start < lines.size(); start += kLinesPerRun) {
    out.emplace_back(
        lines.begin() + static_cast<std::ptrdiff_t>(start),
        lines.begin() + static_cast<std::ptrdiff_t>(std::min(lines.size(), start + kLinesPerRun)));
  }
  return out;
}

std::vector<std::string> secret_lines() {
  std::vector<std::string> lines;
  for (const auto& sample : secret_corpus().secrets) {
    lines.push_back(sample.line);
  }
  return lines;
}

std::string corpus_text(const std::vector<std::string>& lines) {
  std::string text = "starting\n";
  for (const auto& line : lines) {
    text += "CORPUS " + line + "\n";
  }
  return text;
}

// A crashed pod whose termination message is the group's lines.
json corpus_pod(const std::vector<std::string>& lines) {
  json terminated = {{"exitCode", 1},
                     {"reason", "Error"},
                     {"message", corpus_text(lines)},
                     {"startedAt", "2026-11-29T10:00:00Z"},
                     {"finishedAt", "2026-11-29T10:00:30Z"}};
  json status = {{"name", "api"},
                 {"image", "api:1"},
                 {"restartCount", 1},
                 {"state", {{"waiting", {{"reason", "CrashLoopBackOff"}}}}},
                 {"lastState", {{"terminated", terminated}}}};
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata", {{"name", "corpus"}, {"namespace", "shop"}, {"uid", "u-1"}}},
          {"spec", {{"containers", {{{"name", "api"}, {"image", "api:1"}}}}}},
          {"status", {{"phase", "Running"}, {"containerStatuses", {status}}}}};
}

// `kexit inspect -o FORMAT` on a pod and log made of `lines`.
std::string inspect(const std::vector<std::string>& lines, const std::string& format) {
  testing_support::TempDirectory temp;
  temp.write("pod.json", corpus_pod(lines).dump());
  temp.write("api.log", corpus_text(lines));
  auto run = run_command(kexit_binary() + " inspect --no-color -o " + format + " --file " +
                         temp.path() + "/pod.json --logs api=" + temp.path() + "/api.log" +
                         " --knowledge " + source_path("tests/cli/fixtures/corpus-knowledge"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(leaked_secret(run.err), "") << run.err;
  return run.out;
}

TEST(SecretCorpusOutputs, NoSecretReachesTheTextJsonOrYamlReport) {
  for (const auto& group : groups(secret_lines())) {
    for (const char* format : {"text", "json", "yaml"}) {
      SCOPED_TRACE(format);
      std::string out = inspect(group, format);
      EXPECT_NE(out.find("[REDACTED"), std::string::npos) << out;
      EXPECT_EQ(leaked_secret(out), "") << out;
    }
  }
}

// The text report prints each evidence line as it is; the JSON and YAML reports carry it as
// a string value, escaped: both are read back before looking for the line.
TEST(SecretCorpusOutputs, EveryLookAlikeReachesEveryReportIntact) {
  for (const auto& group : groups(secret_corpus().not_secrets)) {
    std::string text = inspect(group, "text");
    std::string from_json = json::parse(inspect(group, "json")).dump();
    auto yaml = parse_yaml_documents(inspect(group, "yaml"), "report.yaml");
    ASSERT_TRUE(yaml.ok());
    std::string from_yaml = yaml->front().dump();
    for (const auto& line : group) {
      std::string shown = "CORPUS " + line;
      std::string escaped = json(shown).dump();
      escaped = escaped.substr(1, escaped.size() - 2);
      EXPECT_NE(text.find(shown), std::string::npos) << line << " changed in:\n" << text;
      EXPECT_NE(from_json.find(escaped), std::string::npos) << line << " changed in JSON";
      EXPECT_NE(from_yaml.find(escaped), std::string::npos) << line << " changed in YAML";
    }
  }
}

std::shared_ptr<const knowledge::CompiledKnowledge> built_in_knowledge() {
  std::vector<Error> errors;
  auto loaded = knowledge::load_compiled_knowledge({}, errors);
  EXPECT_TRUE(loaded.ok());
  return *loaded;
}

// Every file --save writes, concatenated.
std::string saved_files(const std::string& directory) {
  std::string all;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
    if (entry.is_regular_file()) {
      auto text = read_file(entry.path().string());
      EXPECT_TRUE(text.ok());
      all += text.ok() ? *text : "";
    }
  }
  return all;
}

// --save keeps the pod (its termination message), its Events and its log, all redacted.
std::string save(const std::vector<std::string>& lines) {
  kube::CollectedPod pod;
  pod.object = corpus_pod(lines);
  auto facts = kube::parse_pod(pod.object, "pod");
  EXPECT_TRUE(facts.ok());
  pod.facts = std::move(facts).value();
  kube::EventFacts event;
  event.type = "Warning";
  event.reason = "Failed";
  event.message = corpus_text(lines);
  event.object_kind = "Pod";
  event.object_namespace = "shop";
  event.object_name = "corpus";
  pod.facts.events = {event};
  kube::ContainerLog log;
  log.text = corpus_text(lines);
  log.origin = kube::LogOrigin::kPreviousLog;
  pod.logs["api"] = log;
  testing_support::TempDirectory temp;
  std::string directory = temp.path() + "/saved";
  static const auto knowledge = built_in_knowledge();
  auto saved = save_inspection(directory, {pod}, knowledge->redactor(),
                               std::chrono::system_clock::time_point{});
  EXPECT_TRUE(saved.ok()) << saved.error().to_string();
  return saved_files(directory);
}

TEST(SecretCorpusOutputs, NoSecretReachesTheFilesOfSave) {
  std::string saved = save(secret_lines());
  EXPECT_NE(saved.find("[REDACTED"), std::string::npos);
  EXPECT_EQ(leaked_secret(saved), "") << saved;
}

TEST(SecretCorpusOutputs, EveryLookAlikeReachesTheSavedLogIntact) {
  std::string saved = save(secret_corpus().not_secrets);
  for (const auto& line : secret_corpus().not_secrets) {
    EXPECT_NE(saved.find("CORPUS " + line + "\n"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace kexit::cli
