#include "kube/gitops_manager.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

TEST(GitOpsManager, HelmIsReadFromManagedByAndTheReleaseAnnotation) {
  EXPECT_EQ(gitops_manager_of({{"app.kubernetes.io/managed-by", "Helm"}},
                              {{"meta.helm.sh/release-name", "shop"}}),
            (GitOpsManager{GitOpsTool::kHelm, "shop", ""}));
}

TEST(GitOpsManager, ArgoCdIsReadFromItsInstanceLabel) {
  EXPECT_EQ(gitops_manager_of({{"argocd.argoproj.io/instance", "shop-api"}}, {}),
            (GitOpsManager{GitOpsTool::kArgoCd, "shop-api", ""}));
}

TEST(GitOpsManager, ArgoCdIsReadFromItsTrackingIdAnnotationFirst) {
  // Argo CD 3's default tracking: the annotation alone, "APP:GROUP/KIND:NAMESPACE/NAME".
  EXPECT_EQ(gitops_manager_of(
                {}, {{"argocd.argoproj.io/tracking-id", "shop-api:apps/Deployment:shop/api"}}),
            (GitOpsManager{GitOpsTool::kArgoCd, "shop-api", ""}));
  // A chart Argo CD rendered keeps the chart's managed-by: Helm, but Argo CD owns it.
  EXPECT_EQ(gitops_manager_of(
                {{"app.kubernetes.io/managed-by", "Helm"}, {"app.kubernetes.io/instance", "api"}},
                {{"argocd.argoproj.io/tracking-id", "shop:apps/Deployment:shop/api"}}),
            (GitOpsManager{GitOpsTool::kArgoCd, "shop", ""}));
}

TEST(GitOpsManager, TheInstanceLabelIsArgoCdOnlyBesideAnotherArgoCdKey) {
  // Argo CD 2's default label tracking, on an object with a sync wave.
  EXPECT_EQ(gitops_manager_of({{"app.kubernetes.io/instance", "shop-api"}},
                              {{"argocd.argoproj.io/sync-wave", "1"}}),
            (GitOpsManager{GitOpsTool::kArgoCd, "shop-api", ""}));
  // What helm install writes: the chart's instance label, and the release annotations.
  EXPECT_EQ(gitops_manager_of(
                {{"app.kubernetes.io/managed-by", "Helm"}, {"app.kubernetes.io/instance", "shop"}},
                {{"meta.helm.sh/release-name", "shop"}}),
            (GitOpsManager{GitOpsTool::kHelm, "shop", ""}));
  // A chart with Argo CD hints that `helm install` installed: Helm's release annotation wins.
  EXPECT_EQ(gitops_manager_of(
                {{"app.kubernetes.io/managed-by", "Helm"}, {"app.kubernetes.io/instance", "shop"}},
                {{"meta.helm.sh/release-name", "shop"}, {"argocd.argoproj.io/sync-wave", "1"}}),
            (GitOpsManager{GitOpsTool::kHelm, "shop", ""}));
  // The label alone, as many hand-written manifests carry it, names no manager.
  EXPECT_EQ(gitops_manager_of({{"app.kubernetes.io/instance", "shop"}}, {}), GitOpsManager{});
}

TEST(GitOpsManager, AFluxHelmReleaseWinsOverTheHelmLabelItAlsoSets) {
  EXPECT_EQ(gitops_manager_of({{"app.kubernetes.io/managed-by", "Helm"},
                               {"helm.toolkit.fluxcd.io/name", "api"},
                               {"helm.toolkit.fluxcd.io/namespace", "shop"}},
                              {{"meta.helm.sh/release-name", "shop-api"}}),
            (GitOpsManager{GitOpsTool::kFluxHelmRelease, "api", "shop"}));
}

TEST(GitOpsManager, OtherManagersAreNone) {
  EXPECT_EQ(gitops_manager_of({{"app.kubernetes.io/managed-by", "kustomize"}}, {}),
            GitOpsManager{});
  EXPECT_EQ(gitops_tool_name(GitOpsTool::kNone), "");
}

}  // namespace
}  // namespace kexit::kube
