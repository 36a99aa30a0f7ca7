#pragma once
// Cluster: the state behind kubesim's API (objects, logs, identities, faults, clock) and the
// operations on it with the apiserver's semantics: create/get/replace/patch/delete per
// resource view, plus test-side setup that stores objects exactly as given.

#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <string_view>

#include "base/expected.h"
#include "kubesim/access_policy.h"
#include "kubesim/api_error.h"
#include "kubesim/api_resource.h"
#include "kubesim/clock.h"
#include "kubesim/fault_injector.h"
#include "kubesim/log_store.h"
#include "kubesim/object_store.h"
#include "kubesim/patch.h"

namespace kexit::kubesim {

struct ClusterOptions {
  // Changes kept for watches; a watch from an older resourceVersion gets 410 Expired.
  std::size_t history_limit = 10000;
  // How long an Event lives after its last write, like kube-apiserver's --event-ttl (default
  // 1h, an etcd lease renewed by each write); zero keeps Events until they are deleted.
  std::chrono::seconds event_ttl{3600};
};

// Which part of an object a write may change: the main resource (status kept as it was) or
// the status subresource (everything but status kept).
enum class ObjectPart { Main, Status };

// Which container instance a log belongs to.
enum class LogInstance { Current, Previous };

class Cluster {
 public:
  explicit Cluster(const Clock& clock, ClusterOptions options = {});
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  const Clock& clock() const { return clock_; }
  ObjectStore& store() { return store_; }
  const ObjectStore& store() const { return store_; }
  LogStore& logs() { return logs_; }
  const LogStore& logs() const { return logs_; }
  AccessPolicy& access() { return access_; }
  FaultInjector& faults() { return faults_; }

  // API operations; objects in and out are in the representation of `type`.
  ApiResult<ObjectPtr> get(const ResourceType& type, const std::string& namespace_name,
                           const std::string& name) const;
  // Writes take a WriteMode: a dry run answers as the write would and changes nothing.
  ApiResult<ObjectPtr> create(const ResourceType& type, const std::string& namespace_name,
                              nlohmann::json object, WriteMode mode = WriteMode::Commit);
  // PUT: a non-empty metadata.resourceVersion must be current, else 409 Conflict.
  ApiResult<ObjectPtr> replace(const ResourceType& type, const std::string& namespace_name,
                               const std::string& name, nlohmann::json object, ObjectPart part,
                               WriteMode mode = WriteMode::Commit);
  ApiResult<ObjectPtr> patch(const ResourceType& type, const std::string& namespace_name,
                             const std::string& name, PatchType patch_type,
                             const nlohmann::json& patch, ObjectPart part,
                             WriteMode mode = WriteMode::Commit);
  // Deletes at once (no graceful termination); `options` is a DeleteOptions body or null.
  ApiResult<ObjectPtr> remove(const ResourceType& type, const std::string& namespace_name,
                              const std::string& name, const nlohmann::json& options,
                              WriteMode mode = WriteMode::Commit);

  // A stored object as `type` shows it; `typed` adds kind/apiVersion (single objects and watch
  // events carry them, list items do not).
  std::string render(const ResourceType& type, const StoredObject& object, bool typed) const;
  nlohmann::json render_json(const ResourceType& type, const StoredObject& object) const;

  // Test-side setup, skipping the create strategy: status, timestamps and uids are kept as
  // given; missing uid/creationTimestamp/namespace are filled in and the namespace is made.
  Expected<ObjectPtr> put(nlohmann::json object);
  // Every JSON or YAML document in `text` (a List's items too).
  Status put_text(std::string_view text, const std::string& source);
  bool erase(const ResourceType& type, const std::string& namespace_name, const std::string& name);
  void ensure_namespace(const std::string& name);

  // Sets or appends the log of the container instance the pod's status names (the running or
  // last terminated one for Current, lastState.terminated for Previous).
  Status set_log(const std::string& namespace_name, const std::string& pod,
                 const std::string& container, const std::string& text, LogInstance instance);
  Status append_log(const std::string& namespace_name, const std::string& pod,
                    const std::string& container, const std::string& text, LogInstance instance);

  std::string new_uid();

  // Deletes the Events whose TTL ran out by the clock (watchers see DELETED). Called before
  // each request and by watches of Events, as etcd expires leases on its own.
  void expire_events();

 private:
  struct EventLease {
    TimePoint expires;
    std::string resource_version;  // the write that set the lease
  };
  // Starts (or renews) the lease of an Event just written.
  void lease_event(const StoredObject& event);
  ApiResult<ObjectPtr> leased(const ResourceType& type, ApiResult<ObjectPtr> written,
                              WriteMode mode);

  Expected<std::string> log_instance_id(const std::string& namespace_name, const std::string& pod,
                                        const std::string& container, LogInstance instance) const;
  // When the lines of a log stored now for that instance were written (log_write_time).
  TimePoint log_time(const std::string& namespace_name, const std::string& pod,
                     const std::string& container, LogInstance instance) const;
  ApiResult<ObjectPtr> write(
      const ResourceType& type, const std::string& namespace_name, const std::string& name,
      ObjectPart part, WriteMode mode,
      const std::function<ApiResult<nlohmann::json>(const nlohmann::json&)>& next_state);
  ApiResult<ObjectPtr> write_object(
      const ResourceType& type, const std::string& scope, const std::string& name, ObjectPart part,
      WriteMode mode,
      const std::function<ApiResult<nlohmann::json>(const nlohmann::json&)>& next_state);

  const Clock& clock_;
  std::chrono::seconds event_ttl_;
  ObjectStore store_;
  LogStore logs_;
  AccessPolicy access_;
  FaultInjector faults_;
  std::mutex random_mutex_;
  std::mt19937_64 random_;
  // ClusterIPs are handed out in order from the default service CIDR, 10.96.0.0/12, after the
  // kubernetes Service's 10.96.0.1.
  std::uint32_t next_cluster_ip_ = 10;
  std::mutex leases_mutex_;
  std::map<std::string, EventLease> event_leases_;  // by object key
  TimePoint earliest_expiry_ = TimePoint::max();    // no lease ends before
};

}  // namespace kexit::kubesim
