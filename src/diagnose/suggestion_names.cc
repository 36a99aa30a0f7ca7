#include "diagnose/suggestion_names.h"

#include <re2/re2.h>

namespace kexit::diagnose {

// POD becomes "NAME -n NAMESPACE" because it stands where kubectl takes the object name.
std::string with_names(const std::string& suggestion, const kube::PodFacts& pod,
                       const kube::ContainerFacts& container) {
  static const RE2 kPod(R"(\bPOD\b)");
  static const RE2 kContainer(R"(\bCONTAINER\b)");
  static const RE2 kNamespace(R"(\bNAMESPACE\b)");
  static const RE2 kImage(R"(\bIMAGE\b)");
  static const RE2 kNode(R"(\bNODE\b)");
  if (pod.name.empty()) {
    return suggestion;
  }
  std::string text = suggestion;
  // RE2 rewrites treat backslashes specially; Kubernetes names never contain them.
  RE2::GlobalReplace(&text, kNamespace, pod.namespace_name);
  RE2::GlobalReplace(&text, kPod, pod.name + " -n " + pod.namespace_name);
  RE2::GlobalReplace(&text, kContainer, container.name);
  if (!container.image.empty()) {
    RE2::GlobalReplace(&text, kImage, container.image);
  }
  if (!pod.node.empty()) {
    RE2::GlobalReplace(&text, kNode, pod.node);
  }
  return text;
}

}  // namespace kexit::diagnose
