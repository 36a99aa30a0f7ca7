#pragma once
// Coverage checks of a complete knowledge base, beyond what loading and compiling check: every
// cause has a rule, a golden case that must get it and a near miss that must not.

#include <vector>

#include "base/error.h"
#include "knowledge/knowledge_model.h"

namespace kexit::knowledge {

std::vector<Error> check_coverage(const KnowledgeSet& set);

// Whether the set is a whole knowledge base (its own causes.yaml), so coverage can be checked.
enum class Coverage { kCheck, kSkip };

// Everything `kexit kb lint` checks of a loaded set beyond loading: coverage, validation and
// pattern compilation, and the secret shapes' examples. The build runs it on the built-in
// files before writing their image, so a bad knowledge file fails the build.
std::vector<Error> lint_knowledge_set(KnowledgeSet set, Coverage coverage);

}  // namespace kexit::knowledge
