// The output of `kexit kb eval` against golden files in tests/report/golden/; after reviewing
// a change like code, rewrite them with
//   KEXIT_UPDATE_GOLDEN=1 build/tests/report_evaluation_report_test

#include "report/evaluation_report.h"

#include <gtest/gtest.h>

#include "golden_file.h"

namespace kexit::report {
namespace {

using diagnose::ConfidenceLevel;
using diagnose::CorpusSplit;
using diagnose::ReportScore;

ReportScore score(const std::string& id, CorpusSplit split, const std::string& cause,
                  std::vector<std::string> ranked, std::optional<int> exit_code,
                  ConfidenceLevel level) {
  ReportScore result;
  result.id = id;
  result.split = split;
  result.runtime = id.substr(0, id.find('-'));
  result.exit_code = exit_code;
  result.expected_cause = cause;
  result.ranked_causes = std::move(ranked);
  result.top_rule = "test." + result.ranked_causes.front();
  result.top_level = level;
  result.top1 = result.ranked_causes.front() == cause;
  for (std::size_t i = 0; i < result.ranked_causes.size() && i < 3; ++i) {
    result.top3 = result.top3 || result.ranked_causes[i] == cause;
  }
  return result;
}

diagnose::CorpusEvaluation sample_evaluation(diagnose::HeldOut held_out) {
  const auto kDev = CorpusSplit::kDevelopment;
  std::vector<ReportScore> scores = {
      score("rust-panic-a", kDev, "rust-panic", {"rust-panic"}, 101, ConfidenceLevel::kHigh),
      score("cargo-oom-b", kDev, "oom-killed", {"cargo-build-failure", "oom-killed"}, 101,
            ConfidenceLevel::kMedium),
      score("go-tls-c", kDev, "tls-trust-failure", {"application-exit-code"}, std::nullopt,
            ConfidenceLevel::kLow),
      score("rust-held-d", CorpusSplit::kHeldOut, "rust-panic", {"segfault"}, 139,
            ConfidenceLevel::kLow),
  };
  scores[1].decoy = "cargo's 101 whose rustc was OOM-killed";
  scores[1].also_acceptable = "cargo-build-failure";
  scores[1].top1 = true;
  scores[2].expected_cause_known = false;
  return diagnose::aggregate_scores(std::move(scores), held_out);
}

diagnose::RegressionCheck sample_check() {
  diagnose::RegressionCheck check;
  check.recorded_right = 3;
  check.recorded_misses = 1;
  check.regressions = {{"rust-held-d", CorpusSplit::kHeldOut, "", "segfault"},
                       {"rust-panic-z", CorpusSplit::kDevelopment, "rust-panic", "segfault"}};
  check.new_reports = {"go-tls-c"};
  check.new_misses = 1;
  check.gone = {"old-report"};
  return check;
}

void expect_golden(const std::string& name, const std::string& actual) {
  testing_support::expect_golden(name, actual, "report_evaluation_report_test");
}

TEST(EvaluationReport, Text) {
  auto evaluation = sample_evaluation(diagnose::HeldOut::kHidden);
  EvaluationInput input{evaluation, "reports", "expected.txt", sample_check()};
  expect_golden("corpus-evaluation.txt", render_evaluation_text(input));
}

TEST(EvaluationReport, Json) {
  auto evaluation = sample_evaluation(diagnose::HeldOut::kHidden);
  EvaluationInput input{evaluation, "reports", "expected.txt", sample_check()};
  expect_golden("corpus-evaluation.json", evaluation_document(input).dump(2) + "\n");
}

TEST(EvaluationReport, HeldOutReportsStayOutOfTheTextUnlessRevealed) {
  auto hidden = sample_evaluation(diagnose::HeldOut::kHidden);
  std::string text = render_evaluation_text({hidden, "reports", "", std::nullopt});
  EXPECT_EQ(text.find("rust-held-d"), std::string::npos) << text;
  EXPECT_EQ(text.find("139"), std::string::npos) << text;
  auto revealed = sample_evaluation(diagnose::HeldOut::kRevealed);
  std::string shown = render_evaluation_text({revealed, "reports", "", std::nullopt});
  EXPECT_NE(shown.find("  rust-held-d: expected rust-panic, first segfault (rule test.segfault, "
                       "low); top 3: segfault\n"),
            std::string::npos)
      << shown;
  EvaluationInput checked{revealed, "reports", "expected.txt", sample_check()};
  EXPECT_NE(render_evaluation_text(checked).find(
                "  REGRESSED held-out rust-held-d: recorded right, now segfault first\n"),
            std::string::npos);
}

TEST(EvaluationReport, AHeldOutMissNowRightIsCountedNotNamedUnlessRevealed) {
  diagnose::RegressionCheck check;
  check.recorded_misses = 2;
  check.now_right = {"go-tls-c"};
  check.held_out_now_right = {"rust-held-d"};
  auto hidden = sample_evaluation(diagnose::HeldOut::kHidden);
  EvaluationInput hidden_input{hidden, "reports", "expected.txt", check};
  std::string text = render_evaluation_text(hidden_input);
  EXPECT_NE(text.find("  now right: go-tls-c (a known miss; rescore to record it)\n"
                      "  now right: 1 held-out known miss (--reveal-held-out names them; rescore "
                      "to record them)\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("rust-held-d"), std::string::npos) << text;
  EXPECT_EQ(evaluation_document(hidden_input).dump().find("rust-held-d"), std::string::npos);
  auto revealed = sample_evaluation(diagnose::HeldOut::kRevealed);
  EvaluationInput revealed_input{revealed, "reports", "expected.txt", check};
  EXPECT_NE(render_evaluation_text(revealed_input)
                .find("  now right: held-out rust-held-d (a known miss; rescore to record it)\n"),
            std::string::npos);
  EXPECT_EQ(evaluation_document(revealed_input)["check"]["nowRight"].dump(),
            R"(["go-tls-c","rust-held-d"])");
}

}  // namespace
}  // namespace kexit::report
