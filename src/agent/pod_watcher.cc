#include "agent/pod_watcher.h"

#include <algorithm>
#include <unordered_set>

#include "agent/termination_id.h"
#include "kube/pod_parser.h"

namespace kexit::agent {
namespace {

std::string text_at(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) {
    return "";
  }
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

// pod_key() of a listed object, without parsing all of it.
std::string listed_pod_key(const nlohmann::json& pod) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const auto& metadata = pod.is_object() && pod.contains("metadata") ? pod["metadata"] : kEmpty;
  std::string uid = text_at(metadata, "uid");
  return !uid.empty() ? uid : text_at(metadata, "namespace") + "/" + text_at(metadata, "name");
}

}  // namespace

PodWatcher::PodWatcher(AgentApi& api, PodScope scope, WatcherOptions options, kube::Clock& clock,
                       AgentMetrics& metrics, JsonLogger& log,
                       std::function<void(TerminationWork&&)> enqueue)
    : api_(api),
      scope_(std::move(scope)),
      options_(std::move(options)),
      clock_(clock),
      metrics_(metrics),
      log_(log),
      enqueue_(std::move(enqueue)),
      detector_(options_.detector, table_) {}

void PodWatcher::mark_reported(const std::string& pod_key, const std::string& container,
                               const std::string& termination_id) {
  table_.record(pod_key, container, termination_id);
}

void PodWatcher::handle(PodEventType type, const nlohmann::json& object) {
  auto pod = kube::parse_pod(object, "watch");
  if (!pod.ok()) {
    // One bad pod is logged and counted; the watch goes on.
    metrics_.pod_errors.add({});
    log_.warning("cannot read pod", {{"error", pod.error().to_string()}});
    return;
  }
  if (options_.excluded_namespaces.count(pod->namespace_name) > 0) {
    return;
  }
  auto detection = detector_.observe(*pod, type, clock_.now());
  if (type == PodEventType::kListed && !first_list_done_.load() &&
      options_.existing == ExistingTerminations::kRecordOnly) {
    tracked_.store(table_.container_count());
    return;
  }
  for (const auto& found : detection.new_terminations) {
    TerminationWork work;
    work.termination_id = found.termination_id;
    work.pod = *pod;
    work.container_index = found.container_index;
    log_.debug("new termination", {{"namespace", pod->namespace_name},
                                   {"pod", pod->name},
                                   {"container", work.container().name},
                                   {"event", to_string(type)}});
    enqueue_(std::move(work));
  }
  tracked_.store(table_.container_count());
}

Expected<std::string> PodWatcher::relist() {
  std::unordered_set<std::uint64_t> listed;
  auto version = api_.list_pods(scope_, [&](nlohmann::json&& pod) {
    listed.insert(fingerprint(listed_pod_key(pod)));
    handle(PodEventType::kListed, pod);
  });
  if (version.ok()) {
    // Pods missing from the new list were deleted while the watch was down.
    table_.retain_pods(listed);
    tracked_.store(table_.container_count());
  }
  return version;
}

void PodWatcher::announce_first_list(const std::function<void()>& listed,
                                     const std::string& scope_name) {
  if (first_list_done_.exchange(true)) {
    return;
  }
  log_.info("initial pod list done",
            {{"namespace", scope_name}, {"tracked_containers", tracked_.load()}});
  if (listed) {
    listed();
  }
}

Status PodWatcher::run(const StopSignal& stop, const std::function<void()>& listed) {
  auto backoff = options_.initial_backoff;
  auto wait = [&] {
    stop.sleep(clock_, backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
  };
  // Like client-go's reflector, a watch that cannot connect is tried again from the same
  // resourceVersion: relisting 100k pods on every apiserver blip costs far more. Only a run of
  // failures (which includes a resourceVersion the server no longer has) ends in a relist.
  constexpr int kWatchFailuresBeforeRelist = 3;
  int watch_failures = 0;
  std::string scope_name = scope_.namespace_name.empty() ? "*" : scope_.namespace_name;
  while (!stop.requested()) {
    auto version = relist();
    if (!version.ok()) {
      if (stop.requested()) {
        break;  // cancelled on purpose, nothing to report
      }
      if (!first_list_done_.load() && options_.first_list_failure == FirstListFailure::kStop) {
        return version.error();
      }
      log_.warning("cannot list pods",
                   {{"namespace", scope_name}, {"error", version.error().to_string()}});
      wait();
      continue;
    }
    announce_first_list(listed, scope_name);
    std::string resource_version = *version;
    // Watch from the last version seen until the server says it is too old.
    while (!stop.requested()) {
      auto end = api_.watch_pods(scope_, resource_version,
                                 [&](PodEventType type, const nlohmann::json& pod) {
                                   handle(type, pod);
                                   return !stop.requested();
                                 });
      if (stop.requested()) {
        return ok_status();
      }
      metrics_.watch_restarts.add({});
      if (!end.ok()) {
        log_.warning("pod watch failed",
                     {{"namespace", scope_name}, {"error", end.error().to_string()}});
        wait();
        if (++watch_failures < kWatchFailuresBeforeRelist) {
          continue;
        }
        watch_failures = 0;
        break;
      }
      watch_failures = 0;
      if (!end->resource_version.empty()) {
        resource_version = end->resource_version;
      }
      // A broken stream resumes from the last version seen, like a clean close.
      if (end->end == kube::WatchEnd::kClosed || end->end == kube::WatchEnd::kInterrupted) {
        backoff = options_.initial_backoff;
        continue;
      }
      if (end->end == kube::WatchEnd::kExpired) {
        log_.info("pod watch expired; listing again", {{"namespace", scope_name}});
        break;
      }
      if (end->end == kube::WatchEnd::kError) {
        log_.warning("pod watch ended with an error",
                     {{"namespace", scope_name}, {"error", end->status.message}});
        wait();
        break;
      }
    }
  }
  return ok_status();
}

std::vector<PodScope> watch_scopes(const std::vector<std::string>& namespaces,
                                   const std::string& label_selector,
                                   const std::vector<std::string>& excluded_namespaces) {
  std::vector<PodScope> scopes;
  for (const auto& name : namespaces) {
    scopes.push_back({name, label_selector, ""});
  }
  if (!scopes.empty()) {
    return scopes;
  }
  PodScope all{"", label_selector, ""};
  for (const auto& excluded : excluded_namespaces) {
    all.field_selector +=
        (all.field_selector.empty() ? "" : ",") + std::string("metadata.namespace!=") + excluded;
  }
  return {all};
}

}  // namespace kexit::agent
