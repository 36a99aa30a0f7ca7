#include "knowledge/knowledge_model.h"

#include <algorithm>

namespace kexit::knowledge {

const CauseDefinition* KnowledgeSet::find_cause(const std::string& slug) const {
  for (const auto& cause : causes) {
    if (cause.slug == slug) {
      return &cause;
    }
  }
  return nullptr;
}

std::vector<std::string> KnowledgeSet::cause_slugs() const {
  std::vector<std::string> slugs;
  for (const auto& cause : causes) {
    slugs.push_back(cause.slug);
  }
  std::sort(slugs.begin(), slugs.end());
  return slugs;
}

const SignalDefinition* KnowledgeSet::find_signal(int number) const {
  for (const auto& signal : signals) {
    if (signal.number == number) {
      return &signal;
    }
  }
  return nullptr;
}

const std::vector<std::string>& meaning_origins() {
  static const std::vector<std::string> kOrigins = {
      "exit-code", "signal", "errno", "http-status", "api-error", "library-result", "program"};
  return kOrigins;
}

}  // namespace kexit::knowledge
