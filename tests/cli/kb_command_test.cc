#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "testing/paths.h"
#include "testing/process_runner.h"
#include "testing/temp_directory.h"

namespace kexit {
namespace {

using testing_support::kexit_binary;
using testing_support::run_command;
using testing_support::source_path;

const std::string kCorpus = source_path("tests/diagnose/fixtures/corpus");

class KbEvalCommand : public testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(directory_ / name) << text;
    return (directory_ / name).string();
  }
  std::string eval(const std::string& arguments) {
    return kexit_binary() + " kb eval " + kCorpus + " " + arguments;
  }

  testing_support::TempDirectory temp_;
  std::filesystem::path directory_{temp_.path()};
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(KbEvalCommand, PrintsHeldOutTotalsButNoHeldOutReport) {
  auto run = run_command(eval(""));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(contains(run.out, "kb eval: 8 reports in " + kCorpus +
                                    " (6 development, 2 held-out; 1 moved from held-out)\n"))
      << run.out;
  EXPECT_TRUE(contains(run.out, "held-out        2 reports  top-1 1 (50.0%, 95% CI 9.5-90.5%)"))
      << run.out;
  EXPECT_TRUE(contains(run.out,
                       "  synthetic-proposed-cause: expected synthetic-cause-a "
                       "(proposed), first application-exit-code"))
      << run.out;
  EXPECT_FALSE(contains(run.out, "synthetic-held")) << run.out;
  EXPECT_FALSE(contains(run.out, "synthetic-cause-b")) << run.out;

  auto revealed = run_command(eval("--reveal-held-out"));
  ASSERT_EQ(revealed.exit_code, 0) << revealed.err;
  EXPECT_TRUE(contains(revealed.out, "  synthetic-held: expected synthetic-cause-b (proposed)"))
      << revealed.out;
}

TEST_F(KbEvalCommand, FailsNamingEachRegressedReport) {
  std::string expected = write("expected.txt",
                               "synthetic-proposed-cause synthetic-cause-a\n"
                               "synthetic-held * held-out\n"
                               "synthetic-rust-panic rust-panic\n"
                               "synthetic-oom-killed - miss\n");
  auto run = run_command(eval("--expected " + expected));
  EXPECT_EQ(run.exit_code, 5) << run.err;
  EXPECT_TRUE(contains(run.out, "expected results " + expected +
                                    ": 3 recorded right, 1 known miss\n"
                                    "  REGRESSED a held-out report: synthetic-held "
                                    "(--reveal-held-out shows its causes)\n"
                                    "  REGRESSED synthetic-proposed-cause: recorded "
                                    "synthetic-cause-a first, now application-exit-code\n"
                                    "  now right: synthetic-oom-killed (a known miss; rescore "
                                    "to record it)\n"
                                    "  new: 4 reports not in the file, 0 of them wrong; rescore "
                                    "to record them\n"
                                    "check: 2 regressed; fix the rules, or if the change is "
                                    "intended, review it and rescore: kexit kb eval " +
                                    kCorpus + " --write-expected " + expected + "\n"))
      << run.out;
  EXPECT_FALSE(contains(run.out, "synthetic-cause-b")) << run.out;
}

TEST_F(KbEvalCommand, ARescoreIsTheNextBaseline) {
  std::string expected = (directory_ / "expected.txt").string();
  auto rescore = run_command(eval("--write-expected " + expected));
  ASSERT_EQ(rescore.exit_code, 0) << rescore.err;
  EXPECT_EQ(rescore.err, "kexit: wrote " + expected + "\n");
  std::ifstream file(expected);
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(contains(text, "\nsynthetic-held - miss\nsynthetic-held-out-a * held-out\n")) << text;
  EXPECT_TRUE(contains(text, "\nsynthetic-proposed-cause - miss\n")) << text;
  auto check = run_command(eval("--expected " + expected));
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_TRUE(contains(check.out, "check: no report recorded right has regressed\n"));
}

TEST_F(KbEvalCommand, JsonHidesHeldOutReports) {
  std::string expected = write("expected.txt", "synthetic-held * held-out\n");
  auto run = run_command(eval("--expected " + expected + " -o json"));
  EXPECT_EQ(run.exit_code, 5) << run.err;
  auto document = nlohmann::json::parse(run.out);
  EXPECT_EQ(document.at("heldOut").at("reports"), 2);
  EXPECT_EQ(document.at("movedFromHeldOut"), 1);
  for (const auto& report : document.at("reports")) {
    EXPECT_EQ(report.at("split"), "development") << report.dump();
  }
  EXPECT_EQ(
      document.at("check").at("regressions"),
      nlohmann::json::parse(
          R"([{"id": "synthetic-held", "split": "held-out", "recorded": null, "top": null}])"));
}

TEST_F(KbEvalCommand, ABadReportIsAnInputErrorNamingTheFileAndField) {
  std::string report = write("a.yaml",
                             "id: a\nsplit: development\nruntime: rust\n"
                             "pod: {exit_code: 1}\n");
  auto run = run_command(kexit_binary() + " kb eval " + directory_.string());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.err, "kexit: " + report +
                         ":.pod.exit_code_origin: expected printed or derived, got \"\"; see "
                         "tests/corpus/README.md\n"
                         "kexit: 1 corpus reports do not load; fix them (see "
                         "tests/corpus/README.md)\n");
}

TEST_F(KbEvalCommand, AMissingDirectoryIsAnInputError) {
  auto run = run_command(kexit_binary() + " kb eval /nonexistent/reports");
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.err,
            "kexit: /nonexistent/reports: cannot read the corpus directory: No such file or "
            "directory; check the path\n");
}

// Not an empty table that reads as "nothing regressed": a directory without reports is a
// wrong path, usually the corpus's parent.
TEST_F(KbEvalCommand, ADirectoryWithoutReportsIsAnInputError) {
  std::string expected = write("expected.txt", "");
  auto run =
      run_command(kexit_binary() + " kb eval " + directory_.string() + " --expected " + expected);
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "kexit: " + directory_.string() +
                         ": no corpus reports (*.yaml) in this directory; give the directory of "
                         "the reports (tests/corpus/reports)\n");
}

TEST_F(KbEvalCommand, TheCorpusParentPointsToTheReports) {
  std::string corpus = source_path("tests/corpus");
  auto run = run_command(kexit_binary() + " kb eval " + corpus);
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "kexit: " + corpus +
                         ": no corpus reports (*.yaml) in this directory; the reports are in " +
                         corpus + "/reports: kexit kb eval " + corpus + "/reports\n");
}

TEST_F(KbEvalCommand, HelpGivesTheRescoreCommand) {
  auto run = run_command(kexit_binary() + " kb eval --help");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_TRUE(contains(run.out,
                       "  kexit kb eval tests/corpus/reports --write-expected "
                       "tests/corpus/expected-results.txt\n"))
      << run.out;
}

// A rule's Event condition with a typo, a pattern RE2 refuses or an empty reason would match
// nothing and disable the rule without a word: kb lint names the rule, the block and the field.
TEST_F(KbEvalCommand, KbLintNamesTheRuleAndFieldOfABadEventCondition) {
  const std::string rule_head =
      "    cause: image-pull-failure\n    title: t\n    weight: 0.5\n"
      "    explanation: e\n    references: "
      "[https://kubernetes.io/docs/concepts/containers/images/]\n";
  std::string rules = write("pulls.yaml",
                            "rules:\n"
                            "  - id: demo.unknown-key\n" +
                                rule_head +
                                "    when:\n"
                                "      event: {reasons: [Failed]}\n"
                                "  - id: demo.bad-pattern\n" +
                                rule_head +
                                "    when:\n"
                                "      waiting_reason: [ErrImagePull]\n"
                                "    boost:\n"
                                "      - weight: 0.05\n"
                                "        event: {reason: [Failed], message: "
                                "'(?<=pull)ed'}\n"
                                "  - id: demo.empty-reason\n" +
                                rule_head +
                                "    when:\n"
                                "      event: {reason: [''], message: 'pull'}\n");
  auto run = run_command(kexit_binary() + " kb lint " + directory_.string());
  EXPECT_EQ(run.exit_code, 4);
  // The rules are read with the built-in ones, whose count the summary line gives.
  const std::size_t summary = run.out.rfind("kb lint: ");
  ASSERT_NE(summary, std::string::npos) << run.out;
  EXPECT_TRUE(contains(run.out.substr(summary), " cases, 4 problems\n")) << run.out;
  EXPECT_EQ(run.out.substr(0, summary),
            rules +
                ":9: rule demo.unknown-key, when.event: unknown key \"reasons\"; see "
                "knowledge/README.md for the schema\n" +
                rules +
                ":9: rule demo.unknown-key, when.event: an event condition needs a reason or a "
                "message\n" +
                rules +
                ":28: rule demo.empty-reason, when.event: an empty reason never matches an Event; "
                "name it (Killing, BackOff) or leave \"reason\" out\n" +
                rules +
                ":20: rule demo.bad-pattern, boost.event: message pattern '(?<=pull)ed' does not "
                "compile: invalid perl operator: (?<; patterns are RE2 syntax (no lookaround, no "
                "backreferences)\n");
}

}  // namespace
}  // namespace kexit
