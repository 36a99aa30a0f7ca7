#pragma once
// KubeAgentApi and KubeLeaseStore: AgentApi and LeaseStore over kexit's Kubernetes client, with
// every HTTP attempt of that client counted in kexit_api_requests_total{verb,code}.

#include <functional>
#include <mutex>
#include <set>
#include <string>

#include "agent/agent_api.h"
#include "agent/lease_store.h"
#include "kube/api_client.h"

namespace kexit::agent {

// (verb, code): code is the HTTP status, or "error" when no answer came back.
using RequestObserver = std::function<void(const std::string&, const std::string&)>;

// Turns each HTTP attempt of a client into (verb, code) for `observer`.
kube::AttemptObserver request_counter(RequestObserver observer);

class KubeAgentApi : public AgentApi {
 public:
  explicit KubeAgentApi(kube::ApiClient& client) : client_(client) {}

  // Sees every attempt the client makes, retries included, for all users of the client (the
  // lease store too). Set once, before the agent starts.
  void observe_requests(RequestObserver observer);

  Expected<std::string> list_pods(const PodScope& scope,
                                  const std::function<void(nlohmann::json&&)>& visit) override;
  Expected<kube::WatchResult> watch_pods(
      const PodScope& scope, const std::string& resource_version,
      const std::function<bool(PodEventType, const nlohmann::json&)>& on_event) override;
  void cancel_watches() override;
  Expected<kube::PodLog> read_log(const std::string& namespace_name, const std::string& pod,
                                  const kube::LogOptions& options) override;
  Expected<kube::ApiResponse> read_events(const std::string& namespace_name,
                                          const std::string& field_selector, int limit) override;
  Expected<kube::ApiResponse> read_job(const std::string& namespace_name,
                                       const std::string& name) override;
  Expected<kube::ApiResponse> read_node(const std::string& name) override;
  Expected<bool> has_events_v1() override;
  Expected<ApiReply> create_event(const std::string& namespace_name, const nlohmann::json& event,
                                  kube::EventApi api) override;
  Expected<ApiReply> patch_event(const std::string& namespace_name, const std::string& name,
                                 const nlohmann::json& patch, kube::EventApi api) override;
  Status list_events(const std::string& namespace_name, const std::string& label_selector,
                     const std::function<void(nlohmann::json&&)>& visit) override;
  Expected<ApiReply> patch_pod(const std::string& namespace_name, const std::string& name,
                               const nlohmann::json& patch) override;

  static ApiReply to_reply(const kube::ApiResponse& response);

 private:
  // A pod watch or list in progress: its cancellation is registered while it lives.
  struct InFlight {
    explicit InFlight(KubeAgentApi& api);
    ~InFlight();
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;

    KubeAgentApi& owner;
    kube::Cancellation cancellation;
  };

  kube::ApiClient& client_;
  // Pod watches and lists in progress, so cancel_watches() can end them.
  std::mutex in_flight_mutex_;
  std::set<kube::Cancellation*> in_flight_;
};

class KubeLeaseStore : public LeaseStore {
 public:
  KubeLeaseStore(kube::ApiClient& client, std::string namespace_name, std::string name)
      : client_(client), namespace_name_(std::move(namespace_name)), name_(std::move(name)) {}

  Expected<std::optional<LeaseRecord>> get() override;
  Expected<LeaseRecord> create(const LeaseRecord& record) override;
  Expected<LeaseRecord> update(const LeaseRecord& record) override;
  std::string describe() const override { return namespace_name_ + "/" + name_; }

 private:
  nlohmann::json to_lease(const LeaseRecord& record) const;
  Expected<LeaseRecord> written(Expected<kube::ApiResponse> response);

  kube::ApiClient& client_;
  std::string namespace_name_;
  std::string name_;
};

// A Lease object's spec as a LeaseRecord (MicroTime renew/acquire times).
LeaseRecord lease_record_of(const nlohmann::json& lease);

}  // namespace kexit::agent
