#pragma once
// The output of `kexit kb eval`: a corpus evaluation and its regression check as text or as
// the JSON document of `-o json`. Held-out reports appear only in totals unless revealed.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "diagnose/corpus_evaluation.h"
#include "diagnose/regression_check.h"

namespace kexit::report {

struct EvaluationInput {
  const diagnose::CorpusEvaluation& evaluation;
  // The corpus directory and the expected-results file, as given (for the rescore command).
  std::string corpus_directory;
  std::string expected_path;
  // Present when the run checked the expected results.
  std::optional<diagnose::RegressionCheck> check;
};

std::string render_evaluation_text(const EvaluationInput& input);
nlohmann::ordered_json evaluation_document(const EvaluationInput& input);

}  // namespace kexit::report
