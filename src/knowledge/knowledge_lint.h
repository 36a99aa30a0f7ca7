#pragma once
// Coverage checks of a complete knowledge base, beyond what loading and compiling check: every
// cause has a rule, a golden case that must get it and a near miss that must not.

#include <vector>

#include "base/error.h"
#include "knowledge/knowledge_model.h"

namespace kexit::knowledge {

std::vector<Error> check_coverage(const KnowledgeSet& set);

}  // namespace kexit::knowledge
