#include "diagnose/expected_results.h"

#include <sstream>

#include "base/text.h"

namespace kexit::diagnose {
namespace {

constexpr std::string_view kHeldOutMarker = "* held-out";
constexpr std::string_view kMissMarker = "- miss";

std::vector<std::string> words(std::string_view line) {
  std::vector<std::string> result;
  std::istringstream in{std::string(line)};
  for (std::string word; in >> word;) {
    result.push_back(word);
  }
  return result;
}

Expected<ExpectedOutcome> parse_outcome(const std::vector<std::string>& fields) {
  if (fields.size() == 2 && fields[1] != "*" && fields[1] != "-") {
    return ExpectedOutcome{true, fields[1]};
  }
  if (fields.size() == 3 && fields[1] + " " + fields[2] == kHeldOutMarker) {
    return ExpectedOutcome{true, ""};
  }
  if (fields.size() == 3 && fields[1] + " " + fields[2] == kMissMarker) {
    return ExpectedOutcome{false, ""};
  }
  return Error{
      "expected \"ID CAUSE\", \"ID * held-out\" or \"ID - miss\"; rescore to rewrite "
      "the file"};
}

}  // namespace

Expected<ExpectedResults> parse_expected_results(std::string_view text, const std::string& path) {
  ExpectedResults results;
  std::size_t number = 0;
  for (std::string_view line : split(text, '\n')) {
    ++number;
    const std::string where = path + ":" + std::to_string(number);
    line = trim(line);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    auto fields = words(line);
    auto outcome = parse_outcome(fields);
    if (!outcome) {
      return Error{outcome.error().message, where};
    }
    if (!results.reports.emplace(fields[0], *outcome).second) {
      return Error{"report \"" + fields[0] + "\" is listed twice; keep one line", where};
    }
  }
  return results;
}

std::string format_expected_results(const CorpusEvaluation& evaluation) {
  std::ostringstream out;
  out << "# The corpus at the last rescore: \"ID CAUSE\" when the report's top cause was right,\n"
         "# \"ID * held-out\" for a held-out report that was right (its cause is not written "
         "here),\n"
         "# \"ID - miss\" for a known miss. A report recorded right must stay right.\n"
         "# Rescore, after reviewing what changed:\n"
         "#   kexit kb eval tests/corpus/reports --write-expected "
         "tests/corpus/expected-results.txt\n";
  for (const auto& score : evaluation.scores) {
    out << score.id << " ";
    if (!score.top1) {
      out << kMissMarker;
    } else if (score.split == CorpusSplit::kHeldOut) {
      out << kHeldOutMarker;
    } else {
      out << score.ranked_causes.front();
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace kexit::diagnose
