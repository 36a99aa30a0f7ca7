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
