#include "knowledge/knowledge_lint.h"

#include <set>

#include "knowledge/compiled_knowledge.h"

namespace kexit::knowledge {

std::vector<Error> check_coverage(const KnowledgeSet& set) {
  std::set<std::string> with_rule;
  std::set<std::string> with_case;
  std::set<std::string> with_near_miss;
  for (const auto& rule : set.rules) {
    with_rule.insert(rule.cause);
  }
  for (const auto& golden : set.cases) {
    with_case.insert(golden.expect_cause);
    with_near_miss.insert(golden.expect_not_cause);
  }
  std::vector<Error> errors;
  for (const auto& cause : set.causes) {
    if (!with_rule.count(cause.slug)) {
      errors.push_back(
          Error{"cause \"" + cause.slug + "\" has no rule; add one that uses it", cause.where});
    }
    if (!with_case.count(cause.slug)) {
      errors.push_back(Error{
          "cause \"" + cause.slug + "\" has no golden case that must get it; add one under cases/",
          cause.where});
    }
    if (!with_near_miss.count(cause.slug)) {
      errors.push_back(Error{"cause \"" + cause.slug +
                                 "\" has no near miss (a case with expect.not_cause); add one "
                                 "under cases/",
                             cause.where});
    }
  }
  return errors;
}

std::vector<Error> lint_knowledge_set(KnowledgeSet set, Coverage coverage) {
  std::vector<Error> errors;
  if (coverage == Coverage::kCheck) {
    errors = check_coverage(set);
  }
  auto compiled = CompiledKnowledge::compile(std::move(set), errors);
  if (compiled.ok()) {
    (*compiled)->redactor().check_examples((*compiled)->set().secrets, errors);
  }
  return errors;
}

}  // namespace kexit::knowledge
