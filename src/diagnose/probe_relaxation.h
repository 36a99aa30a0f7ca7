#pragma once
// The relax-liveness-probe fix: a container killed by its liveness (or startup) probe before
// it ever passed one was still starting; give its start a longer budget on the owner's
// template, sized from how long it ran before the kill.

#include <optional>

#include "diagnose/fix_proposal.h"
#include "kube/pod_facts.h"

namespace kexit::diagnose {

// The fix, or nullopt when it does not apply or cannot be filled in: no owner, no probe on the
// owner's template for this container, no start and finish times, or a container that ran past
// the probe's first budget (it passed probes and then failed them: not a slow start).
std::optional<FixProposal> relax_liveness_probe(const kube::PodFacts& pod,
                                                const kube::ContainerFacts& container);

}  // namespace kexit::diagnose
