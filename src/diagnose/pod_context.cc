#include "diagnose/pod_context.h"

#include <algorithm>

#include "base/text.h"

namespace kexit::diagnose {
namespace {

// The node's abnormal conditions, read because the termination may be node-level, are evidence
// for whatever the top cause is: an eviction under MemoryPressure, a kill on a NotReady node.
void add_node_context(const kube::PodFacts& pod, const knowledge::SecretRedactor& redactor,
                      Diagnosis& diagnosis) {
  for (const auto& condition : pod.node_conditions) {
    diagnosis.evidence.push_back(
        Evidence{Evidence::Kind::kFact, "node " + pod.node + " now: " + redactor.redact(condition),
                 std::nullopt});
  }
}

// An init container that fails, or a sidecar that does not stay up, keeps the app containers
// from starting at all (kubectl shows Init:CrashLoopBackOff): they are its consequence, so they
// are named in its evidence rather than diagnosed on their own.
void add_blocked_containers(const kube::PodFacts& pod, const kube::ContainerFacts& container,
                            Diagnosis& diagnosis) {
  const bool sidecar = container.kind == kube::ContainerKind::kSidecar;
  if (pod.waiting_for_init.empty() || (container.kind != kube::ContainerKind::kInit && !sidecar)) {
    return;
  }
  // An init container that succeeded (shown with --include-completed) holds nothing back.
  if (!sidecar && container.outcome == kube::ContainerOutcome::kTerminated &&
      container.termination.exit_code == 0) {
    return;
  }
  const std::string names = join(pod.waiting_for_init, ", ");
  const bool several = pod.waiting_for_init.size() > 1;
  diagnosis.evidence.push_back(Evidence{
      Evidence::Kind::kFact,
      std::string(several ? "app containers " : "app container ") + names +
          " never started: " + (several ? "they wait" : "it waits") + " (PodInitializing) until " +
          (sidecar ? "sidecar " + container.name + " has started"
                   : "init container " + container.name + " exits 0"),
      std::nullopt});
}

// The owning Job's conditions of failure (BackoffLimitExceeded, DeadlineExceeded,
// PodFailurePolicy) say what became of the whole run, whatever killed this pod; they are
// evidence once, even when no rule looked at them.
void add_job_context(const kube::PodFacts& pod, Diagnosis& diagnosis) {
  // Since Kubernetes 1.31 a failed Job has FailureTarget beside Failed, with the same reason.
  const bool failed =
      std::any_of(pod.conditions.begin(), pod.conditions.end(),
                  [](const auto& text) { return text.rfind("Job Failed=", 0) == 0; });
  for (const auto& condition : pod.conditions) {
    if (condition.rfind("Job ", 0) != 0 ||
        (failed && condition.rfind("Job FailureTarget=", 0) == 0)) {
      continue;
    }
    bool shown = std::any_of(
        diagnosis.evidence.begin(), diagnosis.evidence.end(),
        [&](const Evidence& item) { return item.text.find(condition) != std::string::npos; });
    if (!shown) {
      diagnosis.evidence.push_back(Evidence{Evidence::Kind::kFact,
                                            "Job " + pod.owner_name + ": " + condition.substr(4),
                                            std::nullopt});
    }
  }
}

}  // namespace

void add_pod_context(const kube::PodFacts& pod, const kube::ContainerFacts& container,
                     const knowledge::SecretRedactor& redactor, Diagnosis& top) {
  add_blocked_containers(pod, container, top);
  add_job_context(pod, top);
  add_node_context(pod, redactor, top);
}

}  // namespace kexit::diagnose
