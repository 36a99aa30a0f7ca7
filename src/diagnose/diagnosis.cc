#include "diagnose/diagnosis.h"

#include <algorithm>

namespace kexit::diagnose {

const char* to_string(ConfidenceLevel level) {
  switch (level) {
    case ConfidenceLevel::kHigh:
      return "high";
    case ConfidenceLevel::kMedium:
      return "medium";
    case ConfidenceLevel::kLow:
      return "low";
  }
  return "low";
}

ConfidenceLevel level_of(double confidence) {
  if (confidence >= 0.75) {
    return ConfidenceLevel::kHigh;
  }
  if (confidence >= 0.45) {
    return ConfidenceLevel::kMedium;
  }
  return ConfidenceLevel::kLow;
}

bool uses_log_line(const Diagnosis& diagnosis) {
  return std::any_of(
      diagnosis.evidence.begin(), diagnosis.evidence.end(),
      [](const Evidence& evidence) { return evidence.kind == Evidence::Kind::kLogLine; });
}

std::string exit_code_text(const std::optional<int>& exit_code) {
  return exit_code ? std::to_string(*exit_code) : "unknown";
}

}  // namespace kexit::diagnose
