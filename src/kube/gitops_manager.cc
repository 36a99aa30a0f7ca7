#include "kube/gitops_manager.h"

namespace kexit::kube {
namespace {

std::string value_of(const std::map<std::string, std::string>& map, const std::string& key) {
  auto found = map.find(key);
  return found == map.end() ? "" : found->second;
}

}  // namespace

GitOpsManager gitops_manager_of(const std::map<std::string, std::string>& labels,
                                const std::map<std::string, std::string>& annotations) {
  // The label keys each tool documents for what it applies.
  if (std::string name = value_of(labels, "helm.toolkit.fluxcd.io/name"); !name.empty()) {
    return {GitOpsTool::kFluxHelmRelease, name,
            value_of(labels, "helm.toolkit.fluxcd.io/namespace")};
  }
  if (std::string name = value_of(labels, "kustomize.toolkit.fluxcd.io/name"); !name.empty()) {
    return {GitOpsTool::kFluxKustomization, name,
            value_of(labels, "kustomize.toolkit.fluxcd.io/namespace")};
  }
  if (std::string name = value_of(labels, "argocd.argoproj.io/instance"); !name.empty()) {
    return {GitOpsTool::kArgoCd, name, ""};
  }
  if (value_of(labels, "app.kubernetes.io/managed-by") == "Helm") {
    return {GitOpsTool::kHelm, value_of(annotations, "meta.helm.sh/release-name"), ""};
  }
  return {};
}

std::string gitops_tool_name(GitOpsTool tool) {
  switch (tool) {
    case GitOpsTool::kHelm:
      return "Helm";
    case GitOpsTool::kArgoCd:
      return "Argo CD";
    case GitOpsTool::kFluxKustomization:
      return "Flux Kustomization";
    case GitOpsTool::kFluxHelmRelease:
      return "Flux HelmRelease";
    case GitOpsTool::kNone:
      break;
  }
  return "";
}

}  // namespace kexit::kube
