#pragma once
// FileWorkloadReader: the workloads written next to pods in a file (`kubectl get
// pod,rs,deploy,job,cronjob -o yaml`) served as the cluster serves them, so that an offline
// post-mortem finds a pod's Job and owner through the same code as cluster mode
// (read_owner_job, resolve_workload_owner).

#include <nlohmann/json.hpp>
#include <vector>

#include "kube/evidence_reader.h"

namespace kexit::kube {

// Whether kexit keeps an object of this kind from a pod file as a pod's owner: Job, CronJob,
// ReplicaSet, Deployment, StatefulSet, DaemonSet.
bool is_owner_kind(const std::string& kind);

// What of a workload object its pods need (kind, metadata names, uid, labels, annotations,
// ownerReferences, the Job's conditions and podFailurePolicy, the template's restartPolicy and
// its containers' names and liveness and startup probes): a ReplicaSet's whole template is not
// kept for each of a List's thousand ReplicaSets.
nlohmann::json owner_summary(const nlohmann::json& object);

class FileWorkloadReader : public EvidenceReader {
 public:
  explicit FileWorkloadReader(const std::vector<nlohmann::json>& workloads)
      : workloads_(workloads) {}

  // A Job of the files as GET jobs/NAME answers it; 404 when the files have none of that name,
  // which, as for a Job deleted after it finished, is no news.
  Expected<ApiResponse> read_job(const std::string& namespace_name,
                                 const std::string& name) override;
  // An owner of the files; an Error naming what to add when the files lack it. Of several of
  // one name (an object made again), the last one in the files.
  Expected<ApiResponse> read_workload(const std::string& namespace_name, const std::string& kind,
                                      const std::string& name) override;
  bool reads_workloads() const override { return true; }

  // Files hold no logs, Events or Nodes to read this way: those are attached by their own code.
  Expected<ApiResponse> read_events(const std::string&, const std::string&, int) override;
  Expected<ApiResponse> read_node(const std::string&) override;
  Expected<PodLog> read_log(const std::string&, const std::string&, const LogOptions&) override;

 private:
  const nlohmann::json* find(const std::string& namespace_name, const std::string& kind,
                             const std::string& name) const;

  const std::vector<nlohmann::json>& workloads_;
};

}  // namespace kexit::kube
