#include "agent/kubernetes_event_reasons.h"

#include <gtest/gtest.h>

#include <vector>

#include "agent/event_builder.h"
#include "agent/knowledge_reloader.h"

namespace kexit::agent {
namespace {

TEST(KubernetesEventReasons, KnowsTheKubeletsAndTheControllersReasons) {
  for (const char* reason : {"Evicted", "DeadlineExceeded", "BackOff", "Killing", "OOMKilling",
                             "Failed", "Unhealthy", "BackoffLimitExceeded", "FailedScheduling",
                             "SystemOOM", "Preempting", "Created", "Warning"}) {
    EXPECT_EQ(is_kubernetes_event_reason(reason), std::string(reason) != "Warning") << reason;
  }
  // Routes compare reasons exactly.
  EXPECT_FALSE(is_kubernetes_event_reason("evicted"));
  EXPECT_FALSE(is_kubernetes_event_reason("OOMKilled"));
  EXPECT_FALSE(is_kubernetes_event_reason("RustPanic"));
}

TEST(KubernetesEventReasons, OnlyCollidingReasonsChange) {
  EXPECT_EQ(non_colliding_event_reason("Evicted"), "KexitEvicted");
  EXPECT_EQ(non_colliding_event_reason("DeadlineExceeded"), "KexitDeadlineExceeded");
  EXPECT_EQ(non_colliding_event_reason("RustPanic"), "RustPanic");
  EXPECT_EQ(non_colliding_event_reason("OOMKilled"), "OOMKilled");
}

TEST(KubernetesEventReasons, ExtraKnowledgeCannotCollideEither) {
  knowledge::KnowledgeSet set;
  set.causes.push_back({"backoff", "", "BackOff", "Warning", ""});
  EXPECT_EQ(event_reason_for("backoff", set).reason, "KexitBackOff");
  // A cause without event_reason gets its slug in CamelCase, which may collide too.
  EXPECT_EQ(event_reason_for("killing", set).reason, "KexitKilling");
  EXPECT_EQ(event_reason_for("evicted", set).reason, "KexitEvicted");
}

TEST(KubernetesEventReasons, NoBuiltInCauseNeedsThePrefix) {
  // The built-in reasons are chosen clear of Kubernetes' own, so what causes.yaml says is what
  // the agent writes; the two that collided were renamed there.
  KnowledgeReloader knowledge({});
  std::vector<Error> errors;
  ASSERT_TRUE(knowledge.load(errors).ok());
  const auto& set = knowledge.engine()->knowledge().set();
  ASSERT_FALSE(set.causes.empty());
  std::vector<std::string> colliding;
  for (const auto& cause : set.causes) {
    if (is_kubernetes_event_reason(cause.event_reason)) {
      colliding.push_back(cause.slug + ": " + cause.event_reason);
    }
  }
  EXPECT_EQ(colliding, std::vector<std::string>{});
  EXPECT_EQ(event_reason_for("evicted", set).reason, "KexitEvicted");
  EXPECT_EQ(event_reason_for("deadline-exceeded", set).reason, "KexitDeadlineExceeded");
  EXPECT_EQ(event_reason_for("oom-killed", set).reason, "OOMKilled");
}

}  // namespace
}  // namespace kexit::agent
