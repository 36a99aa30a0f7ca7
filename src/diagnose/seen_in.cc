#include "diagnose/seen_in.h"

#include <algorithm>

namespace kexit::diagnose {

void cite_seen_in(const knowledge::KnowledgeSet& set, std::vector<Diagnosis>& diagnoses) {
  for (auto& diagnosis : diagnoses) {
    auto entry =
        std::find_if(set.seen_in.begin(), set.seen_in.end(),
                     [&](const knowledge::SeenIn& s) { return s.rule == diagnosis.rule_id; });
    if (entry != set.seen_in.end()) {
      diagnosis.seen_in = entry->reports;
    }
  }
}

}  // namespace kexit::diagnose
