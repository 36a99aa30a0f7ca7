#include "kube/cluster_collection.h"

#include <algorithm>
#include <atomic>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "base/json_field_reader.h"
#include "kube/api_time.h"
#include "kube/change_history_reader.h"
#include "kube/config_loader.h"
#include "kube/pod_parser.h"
#include "kube/pod_template_diff.h"
#include "kube/termination_evidence.h"
#include "kube/workload_resolver.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

std::string pod_source(const json& pod) {
  auto metadata = pod.find("metadata");
  if (metadata == pod.end() || !metadata->is_object()) {
    return "pod";
  }
  return "pod " + string_or_empty(*metadata, "namespace") + "/" +
         string_or_empty(*metadata, "name");
}

// Drops terminations that finished before `cutoff`; unknown finish times are kept.
void drop_older_than(PodFacts& pod, TimePoint cutoff) {
  auto& containers = pod.to_diagnose;
  containers.erase(std::remove_if(containers.begin(), containers.end(),
                                  [&](const ContainerFacts& container) {
                                    auto finished =
                                        parse_api_time(container.termination.finished_at);
                                    return finished && *finished < cutoff;
                                  }),
                   containers.end());
}

}  // namespace

namespace {

Expected<PodQuery> pod_query(const ApiClient& client, const ClusterTarget& target) {
  PodQuery query;
  if (!target.resource.empty()) {
    KEXIT_ASSIGN(resource, normalize_resource(target.resource));
    query.resource = resource;
    query.name = target.name;
    if (query.name.empty()) {
      return Error{"name the " + target.resource + ": " + target.resource + "/NAME"};
    }
  }
  query.namespace_name = target.all_namespaces ? "" : client.namespace_name();
  query.label_selector = target.label_selector;
  return query;
}

// Evidence (Events, the owning Job, the node, logs) for every pod, in parallel, a bounded
// number at a time: -A on a large cluster may find hundreds of terminated containers, and each
// log is a round trip through the kubelet.
void gather_all_evidence(ApiClient& client, std::vector<CollectedPod>& pods, Clock& clock,
                         const ClusterTarget& target, const ProgressCallback& progress) {
  const std::size_t total = pods.size();
  std::mutex progress_mutex;
  std::size_t done = 0;
  if (progress) {
    progress(0, total);
  }
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < total; i = next++) {
      CollectedPod& pod = pods[i];
      pod.logs = gather_evidence(client, pod.facts, clock.now(), target.max_log_bytes);
      std::lock_guard<std::mutex> lock(progress_mutex);
      ++done;
      if (progress) {
        progress(done, total);
      }
    }
  };
  std::size_t workers =
      std::min<std::size_t>(total, static_cast<std::size_t>(std::max(1, target.concurrency)));
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < workers; ++i) {
    threads.emplace_back(work);
  }
  work();
  for (std::thread& thread : threads) {
    thread.join();
  }
}

// What changed before a Deployment's pods crashed, from its ReplicaSets and the ConfigMaps the
// pods refer to.
WorkloadChanges deployment_changes(ApiClient& client, const std::string& deployment,
                                   const std::vector<CollectedPod>& pods,
                                   std::vector<PodPlacement> placements) {
  std::set<std::string> config_maps;
  std::vector<const PodFacts*> facts;
  for (const auto& pod : pods) {
    facts.push_back(&pod.facts);
    if (pod.object.is_object() && pod.object.contains("spec")) {
      for (auto& name : referenced_config_maps(pod.object["spec"])) {
        config_maps.insert(std::move(name));
      }
    }
  }
  auto history = read_change_history(client, client.namespace_name(), deployment,
                                     {config_maps.begin(), config_maps.end()});
  history.pods = std::move(placements);
  return changes_before_crash("deployment/" + deployment, facts, history);
}

}  // namespace

Expected<std::vector<CollectedPod>> collect_from_cluster(ApiClient& client,
                                                         const ClusterTarget& target,
                                                         const CollectionOptions& options) {
  auto warn = options.warn ? options.warn : [](const std::string& message) {
    std::cerr << "kexit: warning: " << message << "\n";
  };
  KEXIT_ASSIGN(query, pod_query(client, target));
  const bool single_pod = query.resource == "pods";
  Clock& clock = options.clock != nullptr ? *options.clock : client.clock();
  std::optional<TimePoint> cutoff;
  if (target.since) {
    cutoff = clock.now() - *target.since;
  }

  std::vector<CollectedPod> pods;
  KEXIT_CHECK(for_each_target_pod(client, query, [&](json&& object) -> Status {
    std::string source = pod_source(object);
    auto facts = parse_pod(object, source);
    if (!facts) {
      if (single_pod) {
        return facts.error();
      }
      warn("skipped " + source + ": " + facts.error().to_string());
      return ok_status();
    }
    if (cutoff) {
      drop_older_than(*facts, *cutoff);
    }
    if (options.placements != nullptr) {
      options.placements->push_back(
          {facts->name, facts->node,
           string_or_empty(object.value("metadata", json::object()), "creationTimestamp"),
           !facts->to_diagnose.empty()});
    }
    // A pending pod may be stuck (FailedMount, FailedCreatePodSandBox): only its Events tell,
    // so it is kept until they are read.
    if (!facts->to_diagnose.empty() || facts->phase == "Pending") {
      CollectedPod pod;
      pod.facts = std::move(facts).value();
      pod.object = std::move(object);
      pods.push_back(std::move(pod));
    }
    return ok_status();
  }));
  std::sort(pods.begin(), pods.end(), [](const CollectedPod& a, const CollectedPod& b) {
    return std::tie(a.facts.namespace_name, a.facts.name) <
           std::tie(b.facts.namespace_name, b.facts.name);
  });
  gather_all_evidence(client, pods, clock, target, options.progress);
  // Pending pods whose Events showed nothing wrong are just starting.
  pods.erase(std::remove_if(pods.begin(), pods.end(),
                            [](const CollectedPod& pod) { return pod.facts.to_diagnose.empty(); }),
             pods.end());
  return pods;
}

Expected<ClusterFindings> find_in_cluster(ApiClient& client, const ClusterTarget& target,
                                          const CollectionOptions& options) {
  ClusterFindings findings;
  std::vector<PodPlacement> placements;
  CollectionOptions collection = options;
  collection.placements = &placements;
  KEXIT_ASSIGN(pods, collect_from_cluster(client, target, collection));
  findings.pods = std::move(pods);
  if (target.resource.empty()) {
    return findings;
  }
  PodQuery query;
  KEXIT_ASSIGN(resource, normalize_resource(target.resource));
  if (resource == "deployments" && !findings.pods.empty()) {
    findings.changes.push_back(
        deployment_changes(client, target.name, findings.pods, std::move(placements)));
  }
  query.resource = resource;
  query.name = target.name;
  query.namespace_name = client.namespace_name();
  KEXIT_ASSIGN(jobs, read_failed_jobs(client, query));
  for (auto& job : jobs) {
    const bool has_pods =
        std::any_of(findings.pods.begin(), findings.pods.end(), [&](const CollectedPod& pod) {
          return pod.facts.owner_kind == "Job" && pod.facts.owner_name == job.name;
        });
    if (!has_pods) {
      findings.jobs_without_pods.push_back(std::move(job));
    }
  }
  return findings;
}

Expected<ClusterFindings> collect_from_cluster(const ClusterTarget& target,
                                               const ProgressCallback& progress, Clock* clock) {
  ConfigRequest request;
  request.kubeconfig = target.kubeconfig;
  request.context = target.context;
  request.namespace_name = target.namespace_name;
  request.overrides = target.client;
  KEXIT_ASSIGN(config, load_client_config(request, ConfigEnvironment::from_process()));
  TransportOptions transport;
  apply_overrides(target.client, transport);
  ApiClient client(std::move(config), transport);
  CollectionOptions options;
  options.progress = progress;
  options.clock = clock;
  return find_in_cluster(client, target, options);
}

}  // namespace kexit::kube
