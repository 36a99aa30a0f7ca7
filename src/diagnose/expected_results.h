#pragma once
// ExpectedResults: the corpus outcome recorded at the last rescore (tests/corpus/
// expected-results.txt), one line per report: "ID CAUSE" when its top cause was right,
// "ID * held-out" for a held-out report that was right (its cause not written down), and
// "ID - miss" for a known miss.

#include <map>
#include <string>
#include <string_view>

#include "base/expected.h"
#include "diagnose/corpus_evaluation.h"

namespace kexit::diagnose {

struct ExpectedOutcome {
  bool passed = false;
  // The top cause recorded for a passing development report; empty otherwise.
  std::string cause;
};

struct ExpectedResults {
  // By report id.
  std::map<std::string, ExpectedOutcome> reports;
};

// Errors name the file and line.
Expected<ExpectedResults> parse_expected_results(std::string_view text, const std::string& path);

// The file's text for this evaluation, sorted by id, with a header saying how to rescore.
std::string format_expected_results(const CorpusEvaluation& evaluation);

}  // namespace kexit::diagnose
