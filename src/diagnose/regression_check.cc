#include "diagnose/regression_check.h"

#include <set>

namespace kexit::diagnose {

RegressionCheck check_regressions(const ExpectedResults& expected,
                                  const CorpusEvaluation& evaluation) {
  RegressionCheck check;
  std::set<std::string> seen;
  for (const auto& score : evaluation.scores) {
    seen.insert(score.id);
    auto recorded = expected.reports.find(score.id);
    if (recorded == expected.reports.end()) {
      check.new_reports.push_back(score.id);
      check.new_misses += score.top1 ? 0 : 1;
      continue;
    }
    const ExpectedOutcome& outcome = recorded->second;
    if (outcome.passed) {
      ++check.recorded_right;
      if (!score.top1) {
        check.regressions.push_back(
            Regression{score.id, score.split, outcome.cause, score.ranked_causes.front()});
      }
    } else {
      ++check.recorded_misses;
      if (score.top1) {
        auto& now_right =
            score.split == CorpusSplit::kHeldOut ? check.held_out_now_right : check.now_right;
        now_right.push_back(score.id);
      }
    }
  }
  for (const auto& [id, outcome] : expected.reports) {
    if (!seen.count(id)) {
      check.gone.push_back(id);
    }
  }
  return check;
}

}  // namespace kexit::diagnose
