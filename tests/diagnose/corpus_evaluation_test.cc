#include "diagnose/corpus_evaluation.h"

#include <gtest/gtest.h>

#include "knowledge/knowledge_loader.h"

namespace kexit::diagnose {
namespace {

ReportScore score(const std::string& id, CorpusSplit split, const std::string& cause,
                  const std::string& first, std::optional<int> exit_code, ConfidenceLevel level) {
  ReportScore result;
  result.id = id;
  result.split = split;
  result.runtime = id.substr(0, id.find('-'));
  result.exit_code = exit_code;
  result.expected_cause = cause;
  result.ranked_causes = {first, "application-exit-code"};
  result.top_level = level;
  result.top1 = first == cause;
  result.top3 = result.top1 || cause == "application-exit-code";
  return result;
}

std::vector<ReportScore> hand_made_scores() {
  const auto kDev = CorpusSplit::kDevelopment;
  const auto kHeld = CorpusSplit::kHeldOut;
  std::vector<ReportScore> scores = {
      score("rust-b", kDev, "rust-panic", "rust-panic", 101, ConfidenceLevel::kHigh),
      score("rust-a", kDev, "rust-panic", "cargo-build-failure", 101, ConfidenceLevel::kHigh),
      score("jvm-a", kDev, "oom-killed", "oom-killed", std::nullopt, ConfidenceLevel::kMedium),
      score("go-a", kDev, "application-exit-code", "go-panic", 2, ConfidenceLevel::kLow),
      score("rust-held", kHeld, "rust-panic", "rust-panic", 101, ConfidenceLevel::kHigh),
      score("jvm-held", kHeld, "oom-killed", "segfault", 139, ConfidenceLevel::kLow),
  };
  scores[2].moved_from_held_out = true;
  return scores;
}

using Rows = std::vector<std::pair<std::string, std::vector<std::size_t>>>;

Rows rows_of(const std::vector<std::pair<std::string, Tally>>& rows) {
  Rows result;
  for (const auto& [key, tally] : rows) {
    result.push_back({key, {tally.reports, tally.top1, tally.top3}});
  }
  return result;
}

TEST(CorpusEvaluation, TotalsHeldOutApartFromTheShownReports) {
  auto evaluation = aggregate_scores(hand_made_scores(), HeldOut::kHidden);
  EXPECT_EQ(evaluation.scores.front().id, "go-a");
  EXPECT_EQ(evaluation.scores.size(), 6u);
  EXPECT_EQ(evaluation.moved_from_held_out, 1u);
  EXPECT_EQ(evaluation.development.reports, 4u);
  EXPECT_EQ(evaluation.development.top1, 2u);
  EXPECT_EQ(evaluation.development.top3, 3u);
  EXPECT_EQ(evaluation.held_out_totals.reports, 2u);
  EXPECT_EQ(evaluation.held_out_totals.top1, 1u);
  EXPECT_EQ(evaluation.overall.reports, 4u);
  EXPECT_EQ(rows_of(evaluation.by_cause), (Rows{{"application-exit-code", {1, 0, 1}},
                                                {"oom-killed", {1, 1, 1}},
                                                {"rust-panic", {2, 1, 1}}}));
  EXPECT_EQ(rows_of(evaluation.by_runtime),
            (Rows{{"go", {1, 0, 1}}, {"jvm", {1, 1, 1}}, {"rust", {2, 1, 1}}}));
  EXPECT_EQ(rows_of(evaluation.by_exit_code),
            (Rows{{"2", {1, 0, 1}}, {"101", {2, 1, 1}}, {"unknown", {1, 1, 1}}}));
  ASSERT_EQ(evaluation.calibration.size(), 3u);
  EXPECT_EQ(evaluation.calibration[0].level, ConfidenceLevel::kHigh);
  EXPECT_EQ(evaluation.calibration[0].count, 2u);
  EXPECT_EQ(evaluation.calibration[0].right, 1u);
  EXPECT_EQ(evaluation.calibration[1].count, 1u);
  EXPECT_EQ(evaluation.calibration[1].right, 1u);
  EXPECT_EQ(evaluation.calibration[2].count, 1u);
  EXPECT_EQ(evaluation.calibration[2].right, 0u);
}

TEST(CorpusEvaluation, HeldOutCalibrationIsCountedEvenWhenHidden) {
  auto calibration_of = [](const std::vector<CalibrationRow>& rows) {
    std::vector<std::size_t> counts;
    for (const auto& row : rows) {
      counts.push_back(row.count);
      counts.push_back(row.right);
    }
    return counts;
  };
  auto hidden = aggregate_scores(hand_made_scores(), HeldOut::kHidden);
  auto revealed = aggregate_scores(hand_made_scores(), HeldOut::kRevealed);
  EXPECT_EQ(calibration_of(hidden.held_out_calibration),
            (std::vector<std::size_t>{1, 1, 0, 0, 1, 0}));
  EXPECT_EQ(calibration_of(revealed.held_out_calibration),
            calibration_of(hidden.held_out_calibration));
}

TEST(CorpusEvaluation, RevealedHeldOutJoinsTheTables) {
  auto evaluation = aggregate_scores(hand_made_scores(), HeldOut::kRevealed);
  EXPECT_EQ(evaluation.overall.reports, 6u);
  EXPECT_EQ(evaluation.overall.top1, 3u);
  EXPECT_EQ(evaluation.held_out_totals.reports, 2u);
  EXPECT_EQ(rows_of(evaluation.by_exit_code).back(),
            (std::pair<std::string, std::vector<std::size_t>>{"unknown", {1, 1, 1}}));
  EXPECT_EQ(evaluation.calibration[2].count, 2u);
}

class CorpusScoringTest : public testing::Test {
 protected:
  void SetUp() override {
    auto files =
        knowledge::files_in_directory(std::string(KEXIT_SOURCE_DIR) + "/tests/diagnose/knowledge");
    ASSERT_TRUE(files.ok());
    auto loaded = knowledge::load_knowledge_files(*files);
    std::vector<Error> errors;
    auto compiled = knowledge::CompiledKnowledge::compile(std::move(loaded.set), errors);
    ASSERT_TRUE(compiled.ok());
    engine_ = std::make_unique<DiagnosisEngine>(*compiled);
    auto corpus = load_corpus(std::string(KEXIT_SOURCE_DIR) + "/tests/diagnose/fixtures/corpus",
                              engine_->knowledge().set());
    ASSERT_TRUE(corpus.ok());
    ASSERT_TRUE(corpus->errors.empty()) << corpus->errors.front().to_string();
    reports_ = std::move(corpus->reports);
  }

  const CorpusReport& report(const std::string& id) const {
    for (const auto& candidate : reports_) {
      if (candidate.id == id) {
        return candidate;
      }
    }
    ADD_FAILURE() << "no report " << id;
    return reports_.front();
  }

  std::unique_ptr<DiagnosisEngine> engine_;
  std::vector<CorpusReport> reports_;
};

TEST_F(CorpusScoringTest, ScoresTheSyntheticCorpus) {
  auto evaluation = evaluate_corpus(*engine_, reports_, HeldOut::kHidden);
  EXPECT_EQ(evaluation.development.reports, 6u);
  EXPECT_EQ(evaluation.development.top1, 4u);
  EXPECT_EQ(evaluation.held_out_totals.reports, 2u);
  EXPECT_EQ(evaluation.held_out_totals.top1, 1u);
  EXPECT_EQ(evaluation.moved_from_held_out, 1u);
}

TEST_F(CorpusScoringTest, AnUnknownExitCodeIsNotZeroAndMatchesNoExitCodeRule) {
  ReportScore result = score_report(*engine_, report("synthetic-unknown-exit-code"));
  EXPECT_FALSE(result.exit_code.has_value());
  EXPECT_EQ(result.ranked_causes, std::vector<std::string>{"application-exit-code"});
  EXPECT_EQ(result.top_rule, "engine.exit-code");
  EXPECT_FALSE(result.top1);
}

TEST_F(CorpusScoringTest, AProposedCauseIsAMissNotAnError) {
  ReportScore result = score_report(*engine_, report("synthetic-proposed-cause"));
  EXPECT_FALSE(result.expected_cause_known);
  EXPECT_FALSE(result.top1);
  EXPECT_FALSE(result.top3);
}

TEST_F(CorpusScoringTest, TheAcceptableCauseCountsAsRight) {
  CorpusReport proposed = report("synthetic-proposed-cause");
  proposed.also_acceptable = "application-exit-code";
  ReportScore result = score_report(*engine_, proposed);
  EXPECT_TRUE(result.top1);
  EXPECT_TRUE(result.top3);
}

TEST_F(CorpusScoringTest, ReadsTheDecoyAndTheLevel) {
  ReportScore decoy = score_report(*engine_, report("synthetic-decoy-switching-protocols"));
  EXPECT_EQ(decoy.decoy, "101 Switching Protocols in the log of a container that exited 1");
  EXPECT_TRUE(decoy.top1);
  ReportScore oom = score_report(*engine_, report("synthetic-oom-killed"));
  EXPECT_EQ(oom.top_rule, "test.oom");
  EXPECT_EQ(oom.top_level, ConfidenceLevel::kHigh);
  EXPECT_TRUE(oom.top1);
}

}  // namespace
}  // namespace kexit::diagnose
