#include "agent/kube_agent_api.h"

#include <random>

#include "kube/api_action.h"
#include "kube/api_paths.h"
#include "kube/api_time.h"

namespace kexit::agent {
namespace {

// client-go's reflector picks watch timeouts in [5, 10) minutes, so many clients do not all
// reconnect at once.
std::chrono::seconds watch_timeout() {
  static thread_local std::mt19937 engine{std::random_device{}()};
  return std::chrono::seconds(std::uniform_int_distribution<int>(300, 599)(engine));
}

}  // namespace

ApiReply KubeAgentApi::to_reply(const kube::ApiResponse& response) {
  ApiReply reply;
  reply.status = response.status;
  if (response.ok()) {
    auto body = response.json();
    reply.body = body.ok() ? std::move(*body) : nlohmann::json(response.body);
  } else {
    reply.message = response.error().message;
  }
  return reply;
}

kube::AttemptObserver request_counter(RequestObserver observer) {
  return [observer = std::move(observer)](const kube::HttpAttempt& attempt) {
    observer(kube::describe_request(attempt.method, attempt.target).verb,
             attempt.status > 0 ? std::to_string(attempt.status) : std::string("error"));
  };
}

void KubeAgentApi::observe_requests(RequestObserver observer) {
  client_.observe_attempts(request_counter(std::move(observer)));
}

Expected<std::string> KubeAgentApi::list_pods(const PodScope& scope,
                                              const std::function<void(nlohmann::json&&)>& visit) {
  kube::ListOptions options;
  options.label_selector = scope.label_selector;
  options.field_selector = scope.field_selector;
  // An expired continue token falls back to one unpaginated list, as client-go's reflector
  // does: paging again from the start never ends while tokens expire faster than 100k pods
  // are paged. Its items are read one at a time as they arrive (never all pods in one body),
  // and the watcher sees some pods twice, which it tolerates.
  options.full_list_if_expired = true;
  // Cancellable like a watch: stopping must not wait for a 100k-pod list to finish.
  InFlight in_flight(*this);
  return client_.list_each(
      kube::pods_path(scope.namespace_name), options,
      [&](nlohmann::json&& pod) {
        visit(std::move(pod));
        return ok_status();
      },
      &in_flight.cancellation);
}

Expected<kube::WatchResult> KubeAgentApi::watch_pods(
    const PodScope& scope, const std::string& resource_version,
    const std::function<bool(PodEventType, const nlohmann::json&)>& on_event) {
  kube::WatchOptions options;
  options.resource_version = resource_version;
  options.label_selector = scope.label_selector;
  options.field_selector = scope.field_selector;
  options.timeout = watch_timeout();
  InFlight in_flight(*this);
  return client_.watch(
      kube::pods_path(scope.namespace_name), options,
      [&](const kube::WatchEvent& event) {
        switch (event.type) {
          case kube::WatchEventType::kAdded:
            return on_event(PodEventType::kAdded, event.object);
          case kube::WatchEventType::kModified:
            return on_event(PodEventType::kModified, event.object);
          case kube::WatchEventType::kDeleted:
            return on_event(PodEventType::kDeleted, event.object);
          default:
            return true;
        }
      },
      &in_flight.cancellation);
}

KubeAgentApi::InFlight::InFlight(KubeAgentApi& api) : owner(api) {
  std::lock_guard lock(owner.in_flight_mutex_);
  owner.in_flight_.insert(&cancellation);
}

KubeAgentApi::InFlight::~InFlight() {
  std::lock_guard lock(owner.in_flight_mutex_);
  owner.in_flight_.erase(&cancellation);
}

void KubeAgentApi::cancel_watches() {
  std::lock_guard lock(in_flight_mutex_);
  for (auto* cancellation : in_flight_) {
    cancellation->cancel();
  }
}

Expected<kube::PodLog> KubeAgentApi::read_log(const std::string& namespace_name,
                                              const std::string& pod,
                                              const kube::LogOptions& options) {
  return client_.read_log(namespace_name, pod, options);
}

Expected<kube::ApiResponse> KubeAgentApi::read_events(const std::string& namespace_name,
                                                      const std::string& field_selector,
                                                      int limit) {
  return client_.read_events(namespace_name, field_selector, limit);
}

Expected<kube::ApiResponse> KubeAgentApi::read_job(const std::string& namespace_name,
                                                   const std::string& name) {
  return client_.read_job(namespace_name, name);
}

Expected<kube::ApiResponse> KubeAgentApi::read_node(const std::string& name) {
  return client_.read_node(name);
}

Expected<bool> KubeAgentApi::has_events_v1() {
  KEXIT_ASSIGN(response, client_.get("/apis/events.k8s.io/v1"));
  return response.ok();
}

Expected<ApiReply> KubeAgentApi::create_event(const std::string& namespace_name,
                                              const nlohmann::json& event, kube::EventApi api) {
  KEXIT_ASSIGN(response, client_.create_event(namespace_name, event, api));
  return to_reply(response);
}

Expected<ApiReply> KubeAgentApi::patch_event(const std::string& namespace_name,
                                             const std::string& name, const nlohmann::json& patch,
                                             kube::EventApi api) {
  KEXIT_ASSIGN(response,
               client_.patch_event(namespace_name, name, patch, kube::PatchType::kMerge, api));
  return to_reply(response);
}

Status KubeAgentApi::list_events(const std::string& namespace_name,
                                 const std::string& label_selector,
                                 const std::function<void(nlohmann::json&&)>& visit) {
  kube::ListOptions options;
  options.label_selector = label_selector;
  // An expired continue token falls back to one unpaginated list, streamed, as for pods
  // (visit sees some Events twice, which reading them back tolerates).
  options.full_list_if_expired = true;
  KEXIT_CHECK(client_.list_each(kube::core_events_path(namespace_name), options,
                                [&](nlohmann::json&& event) {
                                  visit(std::move(event));
                                  return ok_status();
                                }));
  return ok_status();
}

Expected<ApiReply> KubeAgentApi::patch_pod(const std::string& namespace_name,
                                           const std::string& name, const nlohmann::json& patch) {
  KEXIT_ASSIGN(response, client_.patch(kube::pods_path(namespace_name, name), patch.dump(),
                                       kube::content_type_of(kube::PatchType::kMerge)));
  return to_reply(response);
}

LeaseRecord lease_record_of(const nlohmann::json& lease) {
  LeaseRecord record;
  if (!lease.is_object()) {
    return record;
  }
  auto text = [](const nlohmann::json& object, const char* key) {
    auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
  };
  auto number = [](const nlohmann::json& object, const char* key) {
    auto found = object.find(key);
    return found != object.end() && found->is_number_integer() ? found->get<int>() : 0;
  };
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const auto& metadata =
      lease.contains("metadata") && lease["metadata"].is_object() ? lease["metadata"] : kEmpty;
  const auto& spec = lease.contains("spec") && lease["spec"].is_object() ? lease["spec"] : kEmpty;
  record.resource_version = text(metadata, "resourceVersion");
  record.holder_identity = text(spec, "holderIdentity");
  record.lease_duration_seconds = number(spec, "leaseDurationSeconds");
  record.lease_transitions = number(spec, "leaseTransitions");
  record.acquire_time = kube::parse_api_time(text(spec, "acquireTime"));
  record.renew_time = kube::parse_api_time(text(spec, "renewTime"));
  return record;
}

nlohmann::json KubeLeaseStore::to_lease(const LeaseRecord& record) const {
  nlohmann::json metadata = {{"name", name_}, {"namespace", namespace_name_}};
  if (!record.resource_version.empty()) {
    metadata["resourceVersion"] = record.resource_version;
  }
  nlohmann::json spec = {{"holderIdentity", record.holder_identity},
                         {"leaseDurationSeconds", record.lease_duration_seconds},
                         {"leaseTransitions", record.lease_transitions}};
  if (record.acquire_time) {
    spec["acquireTime"] = kube::format_api_micro_time(*record.acquire_time);
  }
  if (record.renew_time) {
    spec["renewTime"] = kube::format_api_micro_time(*record.renew_time);
  }
  return {{"apiVersion", "coordination.k8s.io/v1"},
          {"kind", "Lease"},
          {"metadata", metadata},
          {"spec", spec}};
}

Expected<std::optional<LeaseRecord>> KubeLeaseStore::get() {
  auto lease = client_.get_lease(namespace_name_, name_);
  if (!lease.ok()) {
    return lease.error();
  }
  if (!lease->has_value()) {
    return std::optional<LeaseRecord>();
  }
  return std::optional<LeaseRecord>(lease_record_of(**lease));
}

Expected<LeaseRecord> KubeLeaseStore::written(Expected<kube::ApiResponse> response) {
  if (!response.ok()) {
    return response.error();
  }
  if (!response->ok()) {
    return response->error();
  }
  KEXIT_ASSIGN(body, response->json());
  return lease_record_of(body);
}

Expected<LeaseRecord> KubeLeaseStore::create(const LeaseRecord& record) {
  LeaseRecord fresh = record;
  fresh.resource_version.clear();
  return written(client_.create_lease(namespace_name_, to_lease(fresh)));
}

Expected<LeaseRecord> KubeLeaseStore::update(const LeaseRecord& record) {
  return written(client_.update_lease(namespace_name_, name_, to_lease(record)));
}

}  // namespace kexit::agent
