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
  std::string text = suggestion;
  if (!pod.node.empty()) {
    RE2::GlobalReplace(&text, kNode, pod.node);
  } else if (RE2::PartialMatch(text, kNode)) {
    // The pod was never scheduled, or its file lacks spec.nodeName: the placeholder stays, and
    // says it is one rather than passing for a node's name.
    text += text.find('#') == std::string::npos ? "   # node name unknown" : "; node name unknown";
  }
  if (pod.name.empty()) {
    return text;
  }
  // RE2 rewrites treat backslashes specially; Kubernetes names never contain them.
  RE2::GlobalReplace(&text, kNamespace, pod.namespace_name);
  RE2::GlobalReplace(&text, kPod, pod.name + " -n " + pod.namespace_name);
  RE2::GlobalReplace(&text, kContainer, container.name);
  if (!container.image.empty()) {
    RE2::GlobalReplace(&text, kImage, container.image);
  }
  return text;
}

}  // namespace kexit::diagnose
