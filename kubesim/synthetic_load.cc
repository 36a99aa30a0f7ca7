#include "kubesim/synthetic_load.h"

#include <chrono>
#include <utility>

#include "kubesim/kube_time.h"
#include "kubesim/pod_lifecycle.h"
#include "kubesim/scenario_player.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

std::string pod_name(std::size_t index) { return "load-" + std::to_string(index); }

std::string container_id(std::size_t index, std::size_t instance) {
  return "containerd://" + std::to_string(index) + "-" + std::to_string(instance);
}

}  // namespace

void add_synthetic_pods(Cluster& cluster, std::size_t count, const std::string& namespace_name,
                        std::size_t deployments) {
  TimePoint now = cluster.clock().now();
  cluster.ensure_namespace(namespace_name);
  deployments = std::max<std::size_t>(deployments, 1);
  for (std::size_t i = 0; i < count; ++i) {
    std::string owner = "load-app-" + std::to_string(i % deployments) + "-5d8f7c9b6";
    json pod = {
        {"apiVersion", "v1"},
        {"kind", "Pod"},
        {"metadata",
         {{"name", pod_name(i)},
          {"namespace", namespace_name},
          {"uid", derived_uid("Pod/" + namespace_name + "/" + pod_name(i))},
          {"labels",
           {{"app", "load-app-" + std::to_string(i % deployments)},
            {"pod-template-hash", "5d8f7c9b6"}}},
          {"ownerReferences",
           json::array({{{"apiVersion", "apps/v1"},
                         {"kind", "ReplicaSet"},
                         {"name", owner},
                         {"uid", derived_uid("ReplicaSet/" + namespace_name + "/" + owner)},
                         {"controller", true},
                         {"blockOwnerDeletion", true}}})}}},
        {"spec",
         {{"containers", {{{"name", "app"}, {"image", "registry.example.com/load:1.0"}}}}}}};
    json scheduled = schedule_pod(pod, now);
    std::string id = container_id(i, 0);
    (void)start_containers(scheduled, {}, {id}, now);
    cluster.logs().append(id, "load-" + std::to_string(i) + " started\n", now);
    (void)cluster.put(std::move(scheduled));
  }
}

PodChurn::PodChurn(Cluster& cluster, std::size_t pods, const std::string& namespace_name,
                   double per_second, TerminationObserver on_termination)
    : cluster_(cluster),
      pods_(pods),
      namespace_name_(namespace_name),
      per_second_(per_second),
      on_termination_(std::move(on_termination)),
      thread_([this] { run(); }) {}

PodChurn::~PodChurn() {
  stopping_ = true;
  thread_.join();
}

void PodChurn::run() {
  if (pods_ == 0 || per_second_ <= 0) {
    return;
  }
  auto interval = std::chrono::duration<double>(1.0 / per_second_);
  auto next = std::chrono::steady_clock::now();
  std::size_t step = 0;
  while (!stopping_) {
    next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval);
    std::this_thread::sleep_until(next);
    // Each pod alternates: crash (terminated, exit 1), then restart.
    std::size_t index = (step / 2) % pods_;
    bool crash = step % 2 == 0;
    ++step;
    if (change(index, crash)) {
      ++changes_;
    }
  }
}

bool PodChurn::change(std::size_t index, bool crash) {
  ObjectPtr stored = cluster_.store().get("pods", namespace_name_, pod_name(index));
  if (!stored) {
    return false;
  }
  json pod = json::parse(stored->json);
  pod["apiVersion"] = "v1";
  pod["kind"] = "Pod";
  TimePoint now = cluster_.clock().now();
  std::string dead_id;
  if (crash) {
    dead_id = current_container_id(pod, "app");
    cluster_.logs().append(dead_id, "fatal: synthetic crash\n", now);
    (void)terminate_container(pod, "app", {1, "Error", "", 0}, now);
  } else {
    int restarts = pod["status"]["containerStatuses"][0].value("restartCount", 0);
    (void)restart_container(pod, "app", container_id(index, static_cast<std::size_t>(restarts) + 1),
                            now);
  }
  (void)cluster_.put(std::move(pod));
  if (crash && on_termination_) {
    on_termination_({pod_name(index), dead_id, now});
  }
  return true;
}

}  // namespace kexit::kubesim
