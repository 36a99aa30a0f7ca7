#include "agent/termination_id.h"

#include <gtest/gtest.h>

namespace kexit::agent {
namespace {

kube::PodFacts pod() {
  kube::PodFacts facts;
  facts.namespace_name = "shop";
  facts.name = "api-1";
  facts.uid = "uid-1";
  return facts;
}

TEST(TerminationId, UsesTheContainerIdWhenSet) {
  kube::ContainerFacts container;
  container.name = "app";
  container.termination.container_id = "containerd://abc";
  EXPECT_EQ(termination_id(pod(), container), "containerd://abc");
}

TEST(TerminationId, CurrentAndLastViewsOfOneDeathAgree) {
  kube::ContainerFacts dead;
  dead.name = "app";
  dead.termination.finished_at = "2024-01-01T00:00:00Z";
  dead.restart_count = 3;
  dead.slot = kube::TerminationSlot::kCurrent;
  kube::ContainerFacts restarted = dead;
  restarted.restart_count = 4;
  restarted.slot = kube::TerminationSlot::kLast;
  EXPECT_EQ(termination_id(pod(), dead), "uid-1/app/3/2024-01-01T00:00:00Z");
  EXPECT_EQ(termination_id(pod(), restarted), termination_id(pod(), dead));
}

TEST(TerminationId, PodKeyFallsBackToNamespaceAndName) {
  auto facts = pod();
  EXPECT_EQ(pod_key(facts), "uid-1");
  facts.uid.clear();
  EXPECT_EQ(pod_key(facts), "shop/api-1");
}

TEST(TerminationId, FingerprintIsFnv1a) {
  EXPECT_EQ(fingerprint(""), 14695981039346656037ull);
  EXPECT_NE(fingerprint("a"), fingerprint("b"));
}

}  // namespace
}  // namespace kexit::agent
