#include "kube/workload_owner.h"

#include "base/text.h"

namespace kexit::kube {

std::string WorkloadOwner::reference() const { return to_lower(kind) + "/" + name; }

}  // namespace kexit::kube
