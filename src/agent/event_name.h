#pragma once
// Event names chosen from the termination that opened an episode, so two agents reporting the
// same termination (a leader that has not noticed it lost the Lease, and its successor) write
// the same object and the second gets 409 AlreadyExists instead of a duplicate alert.

#include <string>

namespace kexit::agent {

// "<pod>.<16 hex digits>" like client-go's "<pod>.<hex nanoseconds>", or "kexit-<hex>" when
// the pod name is too long for a DNS subdomain with the suffix.
std::string event_name(const std::string& pod_name, const std::string& episode_key);

}  // namespace kexit::agent
