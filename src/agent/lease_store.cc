#include "agent/lease_store.h"

namespace kexit::agent {

bool LeaseRecord::same_spec(const LeaseRecord& other) const {
  return holder_identity == other.holder_identity &&
         lease_duration_seconds == other.lease_duration_seconds &&
         acquire_time == other.acquire_time && renew_time == other.renew_time &&
         lease_transitions == other.lease_transitions;
}

}  // namespace kexit::agent
