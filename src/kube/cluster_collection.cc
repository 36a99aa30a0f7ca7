#include "kube/cluster_collection.h"

namespace kexit::kube {

// Placeholder until the cluster client lands (issue 4): cluster targets fail with a clear
// message instead of a link error, and offline inspection works meanwhile.
Expected<std::vector<CollectedPod>> collect_from_cluster(const ClusterTarget&,
                                                         const ProgressCallback&) {
  return Error{"inspecting a cluster is not available in this build yet; save the pod with "
               "kubectl get pod NAME -o json and use kexit inspect --file",
               ""};
}

}  // namespace kexit::kube
