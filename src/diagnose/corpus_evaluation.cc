#include "diagnose/corpus_evaluation.h"

#include <algorithm>
#include <climits>
#include <map>

namespace kexit::diagnose {
namespace {

bool is_right(const ReportScore& score, const std::string& cause) {
  // A proposed slug is never ranked (rules use only known causes), so such a report is a miss
  // unless its acceptable second cause comes first.
  return (score.expected_cause_known && cause == score.expected_cause) ||
         (!score.also_acceptable.empty() && cause == score.also_acceptable);
}

template <typename Key>
std::vector<std::pair<std::string, Tally>> to_rows(const std::map<Key, Tally>& tallies,
                                                   std::string (*name)(const Key&)) {
  std::vector<std::pair<std::string, Tally>> rows;
  for (const auto& [key, tally] : tallies) {
    rows.emplace_back(name(key), tally);
  }
  return rows;
}

std::string same(const std::string& key) { return key; }

// Unknown exit codes sort last.
long long exit_code_key(const std::optional<int>& code) { return code ? *code : LLONG_MAX; }
std::string exit_code_name(const long long& key) {
  return key == LLONG_MAX ? "unknown" : std::to_string(key);
}

std::size_t level_index(ConfidenceLevel level) {
  switch (level) {
    case ConfidenceLevel::kHigh:
      return 0;
    case ConfidenceLevel::kMedium:
      return 1;
    case ConfidenceLevel::kLow:
      return 2;
  }
  return 2;
}

std::vector<CalibrationRow> empty_calibration() {
  return {CalibrationRow{ConfidenceLevel::kHigh}, CalibrationRow{ConfidenceLevel::kMedium},
          CalibrationRow{ConfidenceLevel::kLow}};
}

void count_level(std::vector<CalibrationRow>& rows, const ReportScore& score) {
  CalibrationRow& row = rows[level_index(score.top_level)];
  ++row.count;
  row.right += score.top1 ? 1 : 0;
}

}  // namespace

void Tally::add(const ReportScore& score) {
  ++reports;
  top1 += score.top1 ? 1 : 0;
  top3 += score.top3 ? 1 : 0;
}

bool CorpusEvaluation::shown(const ReportScore& score) const {
  return score.split == CorpusSplit::kDevelopment || held_out == HeldOut::kRevealed;
}

ReportScore score_report(const DiagnosisEngine& engine, const CorpusReport& report) {
  ReportScore score;
  score.id = report.id;
  score.split = report.split;
  score.moved_from_held_out = !report.moved_from_held_out.empty();
  score.runtime = report.runtime;
  score.exit_code = report.pod.to_diagnose.front().termination.exit_code;
  score.expected_cause = report.expected_cause;
  score.also_acceptable = report.also_acceptable;
  score.expected_cause_known =
      engine.knowledge().set().find_cause(report.expected_cause) != nullptr;
  score.decoy = report.decoy;
  ContainerDiagnosis result =
      engine.diagnose(report.pod, report.pod.to_diagnose.front(), report.log);
  for (const auto& diagnosis : result.diagnoses) {
    score.ranked_causes.push_back(diagnosis.cause);
  }
  score.top_rule = result.diagnoses.front().rule_id;
  score.top_level = result.diagnoses.front().level;
  score.top1 = is_right(score, score.ranked_causes.front());
  for (std::size_t i = 0; i < score.ranked_causes.size() && i < 3; ++i) {
    score.top3 = score.top3 || is_right(score, score.ranked_causes[i]);
  }
  return score;
}

CorpusEvaluation aggregate_scores(std::vector<ReportScore> scores, HeldOut held_out) {
  CorpusEvaluation evaluation;
  evaluation.held_out = held_out;
  std::sort(scores.begin(), scores.end(),
            [](const ReportScore& a, const ReportScore& b) { return a.id < b.id; });
  std::map<std::string, Tally> by_cause;
  std::map<std::string, Tally> by_runtime;
  std::map<long long, Tally> by_exit_code;
  evaluation.calibration = empty_calibration();
  evaluation.held_out_calibration = empty_calibration();
  for (const auto& score : scores) {
    evaluation.moved_from_held_out += score.moved_from_held_out ? 1 : 0;
    (score.split == CorpusSplit::kHeldOut ? evaluation.held_out_totals : evaluation.development)
        .add(score);
    if (score.split == CorpusSplit::kHeldOut) {
      count_level(evaluation.held_out_calibration, score);
    }
    if (!evaluation.shown(score)) {
      continue;
    }
    evaluation.overall.add(score);
    by_cause[score.expected_cause].add(score);
    by_runtime[score.runtime].add(score);
    by_exit_code[exit_code_key(score.exit_code)].add(score);
    count_level(evaluation.calibration, score);
  }
  evaluation.by_cause = to_rows<std::string>(by_cause, same);
  evaluation.by_runtime = to_rows<std::string>(by_runtime, same);
  evaluation.by_exit_code = to_rows<long long>(by_exit_code, exit_code_name);
  evaluation.scores = std::move(scores);
  return evaluation;
}

CorpusEvaluation evaluate_corpus(const DiagnosisEngine& engine,
                                 const std::vector<CorpusReport>& reports, HeldOut held_out) {
  std::vector<ReportScore> scores;
  for (const auto& report : reports) {
    scores.push_back(score_report(engine, report));
  }
  return aggregate_scores(std::move(scores), held_out);
}

}  // namespace kexit::diagnose
