#include "kube/gitops_manager.h"

#include <optional>

namespace kexit::kube {
namespace {

std::string value_of(const std::map<std::string, std::string>& map, const std::string& key) {
  auto found = map.find(key);
  return found == map.end() ? "" : found->second;
}

bool has_argo_cd_key(const std::map<std::string, std::string>& map) {
  for (const auto& [key, value] : map) {
    if (key.rfind("argocd.argoproj.io/", 0) == 0) {
      return true;
    }
  }
  return false;
}

// The Application that Argo CD tracks the object under, by the methods its resource tracking
// documents (argo-cd.readthedocs.io, user-guide/resource_tracking): the tracking-id annotation
// "APP:GROUP/KIND:NAMESPACE/NAME" (the default from 3.0), a custom instance label, or the
// default label of 2.x, app.kubernetes.io/instance. Helm charts set that label to the release
// name too, so alone it says nothing: it counts only beside another argocd.argoproj.io/ key
// (sync-wave, sync-options, compare-options, hook, ...), which only Argo CD reads.
std::optional<std::string> argo_cd_application(
    const std::map<std::string, std::string>& labels,
    const std::map<std::string, std::string>& annotations) {
  if (std::string id = value_of(annotations, "argocd.argoproj.io/tracking-id"); !id.empty()) {
    return id.substr(0, id.find(':'));
  }
  if (std::string name = value_of(labels, "argocd.argoproj.io/instance"); !name.empty()) {
    return name;
  }
  // `helm install` writes meta.helm.sh/release-name; Argo CD's `helm template` does not. A
  // chart carrying Argo CD hints (sync-wave) but installed by Helm stays Helm's.
  std::string instance = value_of(labels, "app.kubernetes.io/instance");
  if (!instance.empty() && value_of(annotations, "meta.helm.sh/release-name").empty() &&
      (has_argo_cd_key(labels) || has_argo_cd_key(annotations))) {
    return instance;
  }
  return std::nullopt;
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
  // Before Helm: Argo CD renders charts with helm template, keeping the chart's managed-by.
  if (auto application = argo_cd_application(labels, annotations)) {
    return {GitOpsTool::kArgoCd, *application, ""};
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
