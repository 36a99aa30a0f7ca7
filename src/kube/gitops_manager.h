#pragma once
// GitOpsManager: the tool that owns a workload's manifest (Helm, Argo CD, Flux), read from the
// labels and annotations those tools put on what they apply. A change made with kubectl to such
// a workload is undone at the next sync, so a fix must go to the chart or repository instead.

#include <map>
#include <string>

namespace kexit::kube {

enum class GitOpsTool { kNone, kHelm, kArgoCd, kFluxKustomization, kFluxHelmRelease };

struct GitOpsManager {
  GitOpsTool tool = GitOpsTool::kNone;
  // The release, Application, Kustomization or HelmRelease that applied the object ("" when
  // its label or annotation does not say).
  std::string name;
  // The Flux object's namespace, when its label gives one.
  std::string namespace_name;

  bool operator==(const GitOpsManager&) const = default;
};

// Flux first: its helm-controller also sets app.kubernetes.io/managed-by=Helm, and the
// HelmRelease, not the release, is what to change.
GitOpsManager gitops_manager_of(const std::map<std::string, std::string>& labels,
                                const std::map<std::string, std::string>& annotations);

// "Helm", "Argo CD", "Flux Kustomization", "Flux HelmRelease"; "" for kNone.
std::string gitops_tool_name(GitOpsTool tool);

}  // namespace kexit::kube
