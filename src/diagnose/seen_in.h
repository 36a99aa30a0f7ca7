#pragma once
// Seen in: the public reports of kexit's corpus (knowledge seen_in:) that the rule behind a
// diagnosis ranked first with the same cause, so a user can open a thread that fixed the same
// failure.

#include <vector>

#include "diagnose/diagnosis.h"
#include "knowledge/knowledge_model.h"

namespace kexit::diagnose {

// Sets each diagnosis's seen_in from the entry for its rule; a base rate's or the fallback's
// diagnosis names no rule of the corpus's and gets none.
void cite_seen_in(const knowledge::KnowledgeSet& set, std::vector<Diagnosis>& diagnoses);

}  // namespace kexit::diagnose
