#pragma once
// RegressionCheck: an evaluation compared with the expected results, so a rule change cannot
// quietly make the corpus worse. Only a report recorded right that is no longer right fails
// the check; new reports and known misses may fail.

#include <cstddef>
#include <string>
#include <vector>

#include "diagnose/corpus_evaluation.h"
#include "diagnose/expected_results.h"

namespace kexit::diagnose {

struct Regression {
  std::string id;
  CorpusSplit split = CorpusSplit::kDevelopment;
  // What the file recorded first ("" for a held-out report) and what comes first now.
  std::string recorded_cause;
  std::string top_cause;
};

struct RegressionCheck {
  std::size_t recorded_right = 0;
  std::size_t recorded_misses = 0;
  std::vector<Regression> regressions;
  // Known misses that are right now; a rescore records them. Held-out ones are kept apart
  // because their ids describe the failure and are printed only when revealed.
  std::vector<std::string> now_right;
  std::vector<std::string> held_out_now_right;
  // Reports the file does not list, and how many of them are misses.
  std::vector<std::string> new_reports;
  std::size_t new_misses = 0;
  // Listed in the file, gone from the corpus.
  std::vector<std::string> gone;

  bool passed() const { return regressions.empty(); }
};

RegressionCheck check_regressions(const ExpectedResults& expected,
                                  const CorpusEvaluation& evaluation);

}  // namespace kexit::diagnose
