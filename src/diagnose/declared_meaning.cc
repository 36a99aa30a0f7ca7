#include "diagnose/declared_meaning.h"

#include "knowledge/meaning_image.h"
#include "kube/exit_code_meanings.h"

namespace kexit::diagnose {

std::optional<DeclaredMeaning> declared_meaning(const kube::PodFacts& pod,
                                                const kube::ContainerFacts& container,
                                                const knowledge::KnowledgeSet& set) {
  const std::optional<int>& code = container.termination.exit_code;
  if (!code || container.outcome != kube::ContainerOutcome::kTerminated) {
    return std::nullopt;
  }
  if (auto it = pod.declared_exit_codes.find(*code); it != pod.declared_exit_codes.end()) {
    return DeclaredMeaning{
        *code, it->second,
        std::string("the pod's annotation ") + kube::kExitCodeMeaningsAnnotation};
  }
  std::optional<DeclaredMeaning> found;
  for (const auto& meaning : set.meanings) {
    if (meaning.origin == "program" && meaning.code == *code &&
        knowledge::meaning_fits_image(meaning, container.image)) {
      found = DeclaredMeaning{*code, meaning.summary,
                              meaning.where + " for images matching '" + *meaning.image + "'"};
    }
  }
  return found;
}

std::string declared_fact(const DeclaredMeaning& declared) {
  return "exit code " + std::to_string(declared.exit_code) + " is declared by " +
         declared.declared_by + ": " + declared.meaning;
}

}  // namespace kexit::diagnose
