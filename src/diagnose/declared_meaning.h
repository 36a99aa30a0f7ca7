#pragma once
// Declared meaning: what the workload says its program means by an exit code, from the pod's
// annotation kexit.io/exit-code-meanings or a `program` meaning of the knowledge base whose
// image pattern fits the container's image.

#include <optional>
#include <string>

#include "knowledge/knowledge_model.h"
#include "kube/pod_facts.h"

namespace kexit::diagnose {

struct DeclaredMeaning {
  int exit_code = 0;
  // As declared: one line, at most 200 bytes (redacted where it is shown).
  std::string meaning;
  // Who declared it: "the pod's annotation kexit.io/exit-code-meanings", or the knowledge
  // file's place and image pattern.
  std::string declared_by;
};

// The annotation wins over the knowledge base (it is the workload's own word); among
// knowledge files the last that fits wins, so a --knowledge file overrides a built-in one.
std::optional<DeclaredMeaning> declared_meaning(const kube::PodFacts& pod,
                                                const kube::ContainerFacts& container,
                                                const knowledge::KnowledgeSet& set);

// "exit code 3 is declared by ...: configuration invalid", the fact shown as evidence.
std::string declared_fact(const DeclaredMeaning& declared);

}  // namespace kexit::diagnose
