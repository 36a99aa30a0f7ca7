#pragma once
// The Event reasons that the kubelet and Kubernetes' controllers write, which the agent's own
// reasons must never equal: an alert or exporter route on `reason: Evicted` means the
// kubelet's eviction, and an agent Event with the same reason would page twice or be mistaken
// for it.

#include <string>
#include <string_view>

namespace kexit::agent {

// True when `reason` is one that a Kubernetes component writes (exact, case-sensitive match,
// as routes compare reasons).
bool is_kubernetes_event_reason(std::string_view reason);

// `reason`, or "Kexit" + `reason` when a Kubernetes component writes it ("Evicted" ->
// "KexitEvicted"); only colliding reasons change.
std::string non_colliding_event_reason(std::string reason);

}  // namespace kexit::agent
