#pragma once
// Running the knowledge base's golden cases (`kexit kb test`): each pod and log through the
// same parser and engine as `kexit inspect`, checked against the expected top cause.

#include <string>
#include <vector>

#include "diagnose/diagnosis_engine.h"
#include "knowledge/knowledge_model.h"

namespace kexit::diagnose {

struct CaseOutcome {
  std::string where;
  std::string description;
  bool passed = false;
  // What was expected and what came first, when it failed; the top cause when it passed.
  std::string detail;
};

std::vector<CaseOutcome> run_golden_cases(const DiagnosisEngine& engine,
                                          const std::vector<knowledge::GoldenCase>& cases);

}  // namespace kexit::diagnose
