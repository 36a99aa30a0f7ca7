#pragma once
// ApiClient: the Kubernetes API as kexit and its agent use it — JSON get/post/put/patch,
// paginated lists, watches, pod logs, and typed helpers for pods, Events and Leases.

#include <chrono>
#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/expected.h"
#include "kube/api_response.h"
#include "kube/api_status.h"
#include "kube/client_config.h"
#include "kube/event_api.h"
#include "kube/evidence_reader.h"
#include "kube/http_transport.h"
#include "kube/log_reader.h"
#include "kube/query_string.h"
#include "kube/watch_event.h"
#include "kube/watch_result.h"

namespace kexit::kube {

struct ListOptions {
  std::string label_selector;
  std::string field_selector;
  // Items per page; 0 asks for everything at once. The server may ignore it.
  int limit = 500;
  // Unset: the newest state (a consistent read).
  std::string resource_version;
  // When a continue token expires mid-list: true lists again in one piece (client-go's pager
  // does), false pages again from the start, so memory stays bounded by a page but the
  // visitor of list_each() sees the items before the expiry twice.
  bool full_list_if_expired = true;
};

struct ObjectList {
  std::vector<nlohmann::json> items;
  // metadata.resourceVersion of the list: where a watch continues from.
  std::string resource_version;
};

struct WatchOptions {
  // Continue after this version; empty replays the current state as ADDED events first.
  std::string resource_version;
  std::string label_selector;
  std::string field_selector;
  bool allow_bookmarks = true;
  // timeoutSeconds: the server ends the watch cleanly after this long; 0 leaves it to the
  // server (30 to 60 minutes). The read timeout is set above it either way.
  std::chrono::seconds timeout{300};
};

enum class PatchType { kMerge, kStrategicMerge, kJson };
const char* content_type_of(PatchType type);

// One client serves every thread of a process: requests share a pool of connections and one
// set of credentials.
class ApiClient : public EvidenceReader {
 public:
  explicit ApiClient(ClientConfig config, TransportOptions options = {});

  const ClientConfig& config() const { return transport_.config(); }
  // The namespace commands act on by default (-n, the context's, or "default").
  const std::string& namespace_name() const { return transport_.config().namespace_name; }
  Clock& clock() { return transport_.clock(); }
  // Every HTTP attempt, retries included (see HttpAttempt). Set before the first request.
  void observe_attempts(AttemptObserver observer) {
    transport_.observe_attempts(std::move(observer));
  }

  // Generic requests on API paths ("/api/v1/namespaces/x/pods"): any HTTP status is an
  // ApiResponse (check ok(), status, error()); Errors are failures to get an answer.
  Expected<ApiResponse> get(const std::string& path, const QueryParams& query = {});
  Expected<ApiResponse> post(const std::string& path, const std::string& body,
                             const std::string& content_type = "application/json");
  Expected<ApiResponse> put(const std::string& path, const std::string& body,
                            const std::string& content_type = "application/json");
  Expected<ApiResponse> patch(const std::string& path, const std::string& body,
                              const std::string& content_type);
  Expected<ApiResponse> remove(const std::string& path);

  // The object at `path`; any failure, 404 included, is an Error.
  Expected<nlohmann::json> get_object(const std::string& path);
  // The object, or nullopt when it does not exist.
  Expected<std::optional<nlohmann::json>> find_object(const std::string& path);

  // Every item of a collection, following `continue` (the server may also ignore `limit`
  // and send everything). Items are visited page by page so a large cluster's pods need not
  // be in memory at once. An expired continue token restarts once with one unpaginated list,
  // as client-go's pager does; visit sees each item of the final answer in order, but items
  // of the pages before the restart were already visited. Returns the list's resourceVersion.
  Expected<std::string> list_each(const std::string& path, const ListOptions& options,
                                  const std::function<Status(nlohmann::json&&)>& visit,
                                  Cancellation* cancellation = nullptr);
  Expected<ObjectList> list(const std::string& path, const ListOptions& options = {});

  // Watches a collection: events go to on_event as they arrive (return false to stop) until
  // the server ends the stream; WatchResult says how it ended and where to continue. HTTP
  // errors at connect time are Errors, except 410, which is WatchEnd::kExpired.
  Expected<WatchResult> watch(const std::string& path, const WatchOptions& options,
                              const std::function<bool(const WatchEvent&)>& on_event,
                              Cancellation* cancellation = nullptr);

  // A container's log (GET .../pods/NAME/log), keeping a bounded tail while it streams.
  Expected<PodLog> read_log(const std::string& namespace_name, const std::string& pod,
                            const LogOptions& options) override;
  Expected<ApiResponse> read_events(const std::string& namespace_name,
                                    const std::string& field_selector, int limit) override;
  Expected<ApiResponse> read_job(const std::string& namespace_name,
                                 const std::string& name) override;
  Expected<ApiResponse> read_node(const std::string& name) override;
  Expected<ApiResponse> read_workload(const std::string& namespace_name, const std::string& kind,
                                      const std::string& name) override;
  bool reads_workloads() const override { return true; }

  Expected<nlohmann::json> get_pod(const std::string& namespace_name, const std::string& name);
  // namespace_name "" lists across all namespaces.
  Expected<ObjectList> list_pods(const std::string& namespace_name,
                                 const ListOptions& options = {});

  // Events: POST a new one; PATCH one (a series update). 404 on a patch means the Event
  // expired (--event-ttl); 409 on a create that the name is taken.
  Expected<ApiResponse> create_event(const std::string& namespace_name, const nlohmann::json& event,
                                     EventApi api = EventApi::kCoreV1);
  Expected<ApiResponse> patch_event(const std::string& namespace_name, const std::string& name,
                                    const nlohmann::json& patch,
                                    PatchType type = PatchType::kStrategicMerge,
                                    EventApi api = EventApi::kCoreV1);

  // Leases (coordination.k8s.io/v1), for leader election: update is a PUT carrying
  // metadata.resourceVersion, so a stale copy gets 409 Conflict.
  Expected<std::optional<nlohmann::json>> get_lease(const std::string& namespace_name,
                                                    const std::string& name);
  Expected<ApiResponse> create_lease(const std::string& namespace_name,
                                     const nlohmann::json& lease);
  Expected<ApiResponse> update_lease(const std::string& namespace_name, const std::string& name,
                                     const nlohmann::json& lease);

 private:
  Expected<ApiResponse> send(const std::string& method, const std::string& target,
                             const std::string& body, const std::string& content_type,
                             Cancellation* cancellation = nullptr);
  ApiResponse to_api_response(HttpResponse&& response, const std::string& method,
                              const std::string& target) const;

  HttpTransport transport_;
};

}  // namespace kexit::kube
