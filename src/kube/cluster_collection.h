#pragma once
// Collecting terminated containers and their logs from a cluster for `kexit inspect TARGET`.

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/expected.h"
#include "kube/api_client.h"
#include "kube/client_overrides.h"
#include "kube/clock.h"
#include "kube/container_log.h"
#include "kube/job_target.h"
#include "kube/pod_facts.h"
#include "kube/workload_changes.h"

namespace kexit::kube {

struct ClusterTarget {
  // "pod", "deployment", "job", "statefulset", "daemonset", "replicaset", "cronjob"; empty
  // with a selector or all_namespaces.
  std::string resource;
  std::string name;
  std::string label_selector;
  bool all_namespaces = false;
  // -n; empty means the context's namespace, then "default".
  std::string namespace_name;
  std::string kubeconfig;  // --kubeconfig; empty: KUBECONFIG, ~/.kube/config, in-cluster
  std::string context;     // --context
  // --as, --as-group, --insecure-skip-tls-verify, --request-timeout, -v
  ClientOverrides client;
  // Skip terminations that finished longer ago than this.
  std::optional<std::chrono::seconds> since;
  std::size_t max_log_bytes = 2 * 1024 * 1024;
  int concurrency = 8;
};

struct CollectedPod {
  PodFacts facts;
  // The Pod as the API served it (cluster mode), kept for `inspect --save`; null offline.
  nlohmann::json object;
  // Container name -> the log of the instance that terminated.
  std::map<std::string, ContainerLog> logs;
};

// What an inspection found: the pods with something to diagnose, and for a job/ or cronjob/
// target the failed Jobs none of whose pods is among them.
struct ClusterFindings {
  std::vector<CollectedPod> pods;
  std::vector<FailedJob> jobs_without_pods;
  // For a deployment/ target with crashing pods: what changed before they crashed.
  std::vector<WorkloadChanges> changes;
};

// Called as pods are examined, for a progress indicator: (done, total).
using ProgressCallback = std::function<void(std::size_t, std::size_t)>;

// Finds every terminated container of the target and fetches the log of the terminated
// instance (previous=true for lastState, the current log for state.terminated), falling back
// to the termination message when the log is gone; then the target's failed Jobs that left no
// pod to diagnose. Errors name what to fix (kubeconfig, RBAC).
// `clock` is "now" for `since` and the evidence (nullptr: the real clock).
Expected<ClusterFindings> collect_from_cluster(const ClusterTarget& target,
                                               const ProgressCallback& progress = {},
                                               Clock* clock = nullptr);

struct CollectionOptions {
  ProgressCallback progress;
  // "now" for the `since` filter; nullptr: the client's clock.
  Clock* clock = nullptr;
  // Pods that cannot be read are skipped with a warning when the target has several;
  // default: "kexit: warning: ..." on stderr.
  std::function<void(const std::string&)> warn;
  // When set, receives every pod of the target as listed, with or without terminations.
  std::vector<PodPlacement>* placements = nullptr;
};

// The same against a client already set up (tests, the agent). The target's kubeconfig,
// context and namespace_name are ignored: the client's config decides; all_namespaces still
// applies. Pods come back sorted by namespace and name.
Expected<std::vector<CollectedPod>> collect_from_cluster(ApiClient& client,
                                                         const ClusterTarget& target,
                                                         const CollectionOptions& options);

// The same, the failed Jobs of a job/ or cronjob/ target none of whose pods was collected, and
// for a deployment/ target what changed before its pods crashed.
Expected<ClusterFindings> find_in_cluster(ApiClient& client, const ClusterTarget& target,
                                          const CollectionOptions& options);

}  // namespace kexit::kube
