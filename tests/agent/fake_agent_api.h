#pragma once
// FakeAgentApi: an in-memory AgentApi - pods with a watch fed by the test, Events with merge
// patches and label selection, logs - for unit tests of the agent's loop.

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "agent/agent_api.h"
#include "kube/api_action.h"
#include "kube/api_paths.h"

namespace kexit::agent::testing {

class FakeAgentApi : public AgentApi {
 public:
  // Adds or changes a pod; watchers see ADDED or MODIFIED.
  void put_pod(const nlohmann::json& pod) {
    std::lock_guard lock(mutex_);
    std::string key = key_of(pod);
    PodEventType type = pods_.count(key) ? PodEventType::kModified : PodEventType::kAdded;
    pods_[key] = pod;
    pending_.push_back({type, pod});
    ++version_;
    changed_.notify_all();
  }
  void delete_pod(const nlohmann::json& pod) {
    std::lock_guard lock(mutex_);
    pods_.erase(key_of(pod));
    pending_.push_back({PodEventType::kDeleted, pod});
    ++version_;
    changed_.notify_all();
  }
  // The next `count` list_pods calls fail to connect.
  void fail_next_lists(int count) {
    std::lock_guard lock(mutex_);
    list_failures_ = count;
  }
  // The next `count` watch_pods calls fail to connect.
  void fail_next_watches(int count) {
    std::lock_guard lock(mutex_);
    watch_connect_failures_ = count;
  }
  // The open (or next) watch ends as `end` says, with `message` as its Status message.
  void end_watch(kube::WatchEnd end, const std::string& message) {
    std::lock_guard lock(mutex_);
    scripted_end_ = {end, message};
    changed_.notify_all();
  }
  // The next watch ends with 410 Expired.
  void expire_watch() { end_watch(kube::WatchEnd::kExpired, "too old resource version"); }
  void set_log(const std::string& namespace_name, const std::string& pod,
               const std::string& container, const std::string& text) {
    std::lock_guard lock(mutex_);
    logs_[namespace_name + "/" + pod + "/" + container] = text;
  }
  // The container's log is answered with this HTTP status and message (plain text, as the
  // kubelet's own answers are) instead of its text.
  void fail_log(const std::string& namespace_name, const std::string& pod,
                const std::string& container, int status, const std::string& message) {
    std::lock_guard lock(mutex_);
    log_failures_[namespace_name + "/" + pod + "/" + container] = {status, message};
  }

  Expected<std::string> list_pods(const PodScope& scope,
                                  const std::function<void(nlohmann::json&&)>& visit) override {
    std::vector<nlohmann::json> items;
    std::string version;
    {
      std::lock_guard lock(mutex_);
      ++lists_;
      if (list_failures_ > 0) {
        --list_failures_;
        return Error{"dial tcp 10.96.0.1:443: connect: connection refused"};
      }
      for (const auto& [key, pod] : pods_) {
        if (in_scope(scope, pod)) {
          items.push_back(pod);
        }
      }
      pending_.clear();
      version = std::to_string(version_);
    }
    for (auto& item : items) {
      visit(std::move(item));
    }
    return version;
  }

  Expected<kube::WatchResult> watch_pods(
      const PodScope& scope, const std::string& resource_version,
      const std::function<bool(PodEventType, const nlohmann::json&)>& on_event) override {
    std::unique_lock lock(mutex_);
    ++watches_;
    if (watch_connect_failures_ > 0) {
      --watch_connect_failures_;
      return Error{"dial tcp 10.96.0.1:443: connect: connection refused"};
    }
    while (true) {
      changed_.wait(lock, [&] { return cancelled_ || scripted_end_ || !pending_.empty(); });
      if (cancelled_) {
        cancelled_ = false;
        return ended(kube::WatchEnd::kClosed, resource_version);
      }
      if (scripted_end_) {
        auto [end, message] = *std::exchange(scripted_end_, std::nullopt);
        return ended(end, end == kube::WatchEnd::kExpired ? "" : resource_version, message);
      }
      auto [type, pod] = pending_.front();
      pending_.pop_front();
      if (!in_scope(scope, pod)) {
        continue;
      }
      lock.unlock();
      bool go_on = on_event(type, pod);
      lock.lock();
      if (!go_on) {
        return ended(kube::WatchEnd::kStopped, std::to_string(version_));
      }
    }
  }

  void cancel_watches() override {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    changed_.notify_all();
  }

  // Logs are stored as given, whatever `previous` and `timestamps` ask (the kubelet's rules are
  // kubesim's business; see agent_kubesim_test for them). Without one: 400, as the kubelet
  // answers for a previous instance it no longer keeps.
  Expected<kube::PodLog> read_log(const std::string& namespace_name, const std::string& pod,
                                  const kube::LogOptions& options) override {
    std::lock_guard lock(mutex_);
    ++log_requests;
    std::string key = namespace_name + "/" + pod + "/" + options.container;
    kube::PodLog log;
    log.response.action = kube::describe_request("GET", kube::pod_log_path(namespace_name, pod));
    auto found = logs_.find(key);
    auto failure = log_failures_.find(key);
    if (failure != log_failures_.end()) {
      std::tie(log.response.status, log.response.body) = failure->second;
    } else if (found == logs_.end()) {
      log.response.status = 400;
      log.response.body = "previous terminated container not found";
    } else {
      log.response.status = 200;
      log.response.body = found->second;
    }
    return log;
  }

  // An Event (core/v1 JSON) the kubelet or scheduler recorded, for read_events.
  void add_cluster_event(const std::string& namespace_name, const nlohmann::json& event) {
    std::lock_guard lock(mutex_);
    cluster_events_.emplace_back(namespace_name, event);
  }

  // Selectors as kube::read_events writes them: "involvedObject.uid=U" or
  // "involvedObject.kind=Node,involvedObject.name=N", each term an exact match.
  Expected<kube::ApiResponse> read_events(const std::string& namespace_name,
                                          const std::string& field_selector, int) override {
    std::lock_guard lock(mutex_);
    ++event_reads;
    nlohmann::json list = {
        {"kind", "EventList"}, {"apiVersion", "v1"}, {"items", nlohmann::json::array()}};
    for (const auto& [event_namespace, event] : cluster_events_) {
      if (event_namespace == namespace_name && matches_selector(event, field_selector)) {
        list["items"].push_back(event);
      }
    }
    kube::ApiResponse response;
    response.status = event_read_status;
    response.body = event_read_status == 200
                        ? list.dump()
                        : "{\"kind\":\"Status\",\"message\":\"events is forbidden\"}";
    return response;
  }

  // No Jobs here: the owner's conditions are kube's tests' business.
  Expected<kube::ApiResponse> read_job(const std::string&, const std::string&) override {
    kube::ApiResponse response;
    response.status = 404;
    response.body = R"({"kind":"Status","code":404,"message":"jobs.batch not found"})";
    return response;
  }

  // Nodes by name; a name not here answers 404, and node_read_status other than 200 answers
  // every read with that status (403 when get nodes is not granted).
  Expected<kube::ApiResponse> read_node(const std::string& name) override {
    std::lock_guard lock(mutex_);
    ++node_reads;
    kube::ApiResponse response;
    auto found = nodes.find(name);
    if (node_read_status != 200) {
      response.status = node_read_status;
      response.body = R"({"kind":"Status","message":"nodes \")" + name + R"(\" is forbidden"})";
    } else if (found == nodes.end()) {
      response.status = 404;
      response.body = R"({"kind":"Status","code":404,"message":"nodes not found"})";
    } else {
      response.status = 200;
      response.body = found->second.dump();
    }
    return response;
  }

  Expected<bool> has_events_v1() override { return events_v1; }

  Expected<ApiReply> create_event(const std::string& namespace_name, const nlohmann::json& event,
                                  kube::EventApi api) override {
    std::lock_guard lock(mutex_);
    ++create_attempts;
    std::string key = namespace_name + "/" + event["metadata"]["name"].get<std::string>();
    if (!create_faults.empty()) {
      Fault fault = create_faults.front();
      create_faults.pop_front();
      if (fault.applied && !events_.count(key)) {
        ++creates;
        events_[key] = event;
      }
      return answer(fault);
    }
    if (api == kube::EventApi::kEventsV1 && !events_v1) {
      return ApiReply{404, nlohmann::json::object(), "the server could not find the resource"};
    }
    if (create_status != 0) {
      return ApiReply{create_status, nlohmann::json::object(),
                      "events.events.k8s.io is forbidden: User \"system:serviceaccount:kexit:"
                      "kexit-agent\" cannot create resource \"events\""};
    }
    if (events_.count(key)) {
      return ApiReply{409, nlohmann::json::object(), "already exists"};
    }
    ++creates;
    events_[key] = event;
    return ApiReply{201, event, ""};
  }

  Expected<ApiReply> patch_event(const std::string& namespace_name, const std::string& name,
                                 const nlohmann::json& patch, kube::EventApi) override {
    std::lock_guard lock(mutex_);
    ++patch_attempts;
    auto found = events_.find(namespace_name + "/" + name);
    if (!patch_faults.empty()) {
      Fault fault = patch_faults.front();
      patch_faults.pop_front();
      if (fault.applied && found != events_.end()) {
        ++patches;
        found->second.merge_patch(patch);
      }
      return answer(fault);
    }
    if (found == events_.end()) {
      return ApiReply{404, nlohmann::json::object(), "not found"};
    }
    ++patches;
    found->second.merge_patch(patch);
    return ApiReply{200, found->second, ""};
  }

  Status list_events(const std::string& namespace_name, const std::string&,
                     const std::function<void(nlohmann::json&&)>& visit) override {
    std::vector<nlohmann::json> items;
    {
      std::lock_guard lock(mutex_);
      ++event_lists;
      for (const auto& [key, event] : events_) {
        if (namespace_name.empty() || event["metadata"]["namespace"] == namespace_name) {
          items.push_back(event);
        }
      }
    }
    for (auto& item : items) {
      visit(std::move(item));
    }
    return ok_status();
  }

  Expected<ApiReply> patch_pod(const std::string& namespace_name, const std::string& name,
                               const nlohmann::json& patch) override {
    std::lock_guard lock(mutex_);
    auto found = pods_.find(namespace_name + "/" + name);
    if (found == pods_.end()) {
      return ApiReply{404, nlohmann::json::object(), "not found"};
    }
    found->second.merge_patch(patch);
    return ApiReply{200, found->second, ""};
  }

  std::map<std::string, nlohmann::json> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }
  nlohmann::json pod(const std::string& key) {
    std::lock_guard lock(mutex_);
    return pods_[key];
  }
  int lists() {
    std::lock_guard lock(mutex_);
    return lists_;
  }

  // A scripted failure of one Event write, answered instead of the real outcome.
  struct Fault {
    // 0: no answer at all (connection refused, timeout).
    int status = 0;
    // The server applied the write before the answer was lost (a timeout after the commit).
    bool applied = false;
  };

  bool events_v1 = true;
  int create_status = 0;
  // Consumed one per create_event / patch_event call, before it is looked at.
  std::deque<Fault> create_faults;
  std::deque<Fault> patch_faults;
  // Writes applied.
  int creates = 0;
  int patches = 0;
  // Calls, failed ones included.
  int create_attempts = 0;
  int patch_attempts = 0;
  int event_lists = 0;
  int log_requests = 0;

 public:
  int event_reads = 0;
  // The status read_events answers with: 403 tests a forbidden Events list.
  int event_read_status = 200;
  std::map<std::string, nlohmann::json> nodes;
  int node_reads = 0;
  int node_read_status = 200;

 private:
  static bool matches_selector(const nlohmann::json& event, const std::string& selector) {
    const nlohmann::json& object = event.value("involvedObject", nlohmann::json::object());
    std::size_t start = 0;
    while (start < selector.size()) {
      std::size_t end = selector.find(',', start);
      std::string term =
          selector.substr(start, end == std::string::npos ? std::string::npos : end - start);
      std::size_t equals = term.find('=');
      std::string field = term.substr(std::string("involvedObject.").size(),
                                      equals - std::string("involvedObject.").size());
      if (object.value(field, "") != term.substr(equals + 1)) {
        return false;
      }
      start = end == std::string::npos ? selector.size() : end + 1;
    }
    return true;
  }
  std::vector<std::pair<std::string, nlohmann::json>> cluster_events_;

  static std::string key_of(const nlohmann::json& pod) {
    return pod["metadata"]["namespace"].get<std::string>() + "/" +
           pod["metadata"]["name"].get<std::string>();
  }
  static kube::WatchResult ended(kube::WatchEnd end, std::string resource_version,
                                 std::string message = "") {
    kube::WatchResult result;
    result.end = end;
    result.resource_version = std::move(resource_version);
    if (end == kube::WatchEnd::kExpired) {
      result.status.code = 410;
      result.status.reason = "Expired";
    }
    result.status.message = std::move(message);
    return result;
  }
  static Expected<ApiReply> answer(const Fault& fault) {
    if (fault.status == 0) {
      return Error{"read timeout after 30s"};
    }
    return ApiReply{fault.status, nlohmann::json::object(), "scripted failure"};
  }
  static bool in_scope(const PodScope& scope, const nlohmann::json& pod) {
    return scope.namespace_name.empty() || pod["metadata"]["namespace"] == scope.namespace_name;
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, nlohmann::json> pods_;
  std::deque<std::pair<PodEventType, nlohmann::json>> pending_;
  std::map<std::string, nlohmann::json> events_;
  std::map<std::string, std::string> logs_;
  std::map<std::string, std::pair<int, std::string>> log_failures_;
  long version_ = 1;
  bool cancelled_ = false;
  std::optional<std::pair<kube::WatchEnd, std::string>> scripted_end_;
  int lists_ = 0;
  int watches_ = 0;
  int watch_connect_failures_ = 0;
  int list_failures_ = 0;
};

}  // namespace kexit::agent::testing
