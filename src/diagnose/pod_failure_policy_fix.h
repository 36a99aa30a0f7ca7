#pragma once
// The fail-fast-on-exit-code fix: a Job whose container exits with a code that no retry can
// change (a class or module that is not in the image) fails at once through a podFailurePolicy
// rule, rather than after backoffLimit more pods.

#include <optional>

#include "diagnose/fix_proposal.h"
#include "kube/pod_facts.h"

namespace kexit::diagnose {

// The fix, or nullopt when it does not apply: the owner is not a Job or CronJob, its template's
// restartPolicy is not Never (the only one a podFailurePolicy allows), the container is not in
// the template, or it exited 0 or with no code. A CronJob gets a JSON patch of its jobTemplate;
// a Job, whose podFailurePolicy is immutable, gets the manifest change for the next Job.
std::optional<FixProposal> fail_fast_on_exit_code(const kube::PodFacts& pod,
                                                  const kube::ContainerFacts& container);

}  // namespace kexit::diagnose
