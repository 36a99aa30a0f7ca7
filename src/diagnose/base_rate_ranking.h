#pragma once
// Base-rate ranking: when no evidence says why a container exited, the causes that most often
// end a termination like it (knowledge::BaseRate), first, and said to be a base rate.

#include <string>
#include <vector>

#include "diagnose/diagnosis.h"
#include "diagnose/suggestion_names.h"
#include "knowledge/knowledge_model.h"
#include "kube/pod_facts.h"

namespace kexit::diagnose {

// A base rate is never `high`: it says what is likely, not what happened. Its causes get this
// times their share.
inline constexpr double kBaseRateCeiling = 0.7;

// The base rate for a terminated container with this exit code and reason; for one written
// `log: absent`, only when no log was read; for one written `runtime:`, only for a container of
// that runtime (knowledge/container_runtime.h). The most specific that fits wins: one of the
// runtime over any runtime's, then one without a log over any log's; between equals, the first
// in knowledge order. Null when none fits.
const knowledge::BaseRate* find_base_rate(const knowledge::KnowledgeSet& set,
                                          const kube::PodFacts& pod,
                                          const kube::ContainerFacts& container, bool log_read,
                                          const std::string& runtime);

// `ranked`, in which no diagnosis is backed by evidence, with the base rate's causes first in
// its order (a rule's diagnosis of the same cause keeps its evidence and steps), each cited and
// with a confidence from its share; the other causes follow, never above them.
std::vector<Diagnosis> rank_by_base_rate(const knowledge::BaseRate& rate,
                                         std::vector<Diagnosis> ranked, const StepNames& names);

}  // namespace kexit::diagnose
