#pragma once
// Rule conditions: whether one block of a rule's conditions (`when`, an `unless`, a boost)
// holds for one container, and the evidence that made it hold.

#include <optional>
#include <string>

#include "diagnose/declared_meaning.h"
#include "diagnose/evidence_collector.h"
#include "diagnose/log_scan.h"
#include "diagnose/resource_context.h"
#include "knowledge/compiled_knowledge.h"
#include "kube/pod_facts.h"

namespace kexit::diagnose {

// Everything a condition may look at, derived once per container.
struct Subject {
  const kube::PodFacts& pod;
  const kube::ContainerFacts& container;
  std::optional<int> signal;
  std::string command_line;
  const LogScan& log;
  const ResourceContext& resources;
  // What the workload says its program means by this exit code (declared_meaning.h).
  std::optional<DeclaredMeaning> declared;
};

// Every condition of the block must hold (an absent condition holds). On success, what held
// is added to `evidence` when it is not null.
bool holds(const knowledge::CompiledConditions& conditions, const Subject& subject,
           EvidenceCollector* evidence);

}  // namespace kexit::diagnose
