#pragma once
// ObjectStore: every object kubesim holds, as serialized JSON plus a small index (labels,
// selectable fields), under one global resourceVersion counter, with a bounded history of
// changes that watches read from.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kubesim/api_error.h"
#include "kubesim/field_selector.h"
#include "kubesim/label_selector.h"
#include "kubesim/string_pairs.h"

namespace kexit::kubesim {

// One version of one object; immutable once stored, shared by the store, the history and
// any response being written.
struct StoredObject {
  std::string key;  // "namespace/name", or "name" when cluster-scoped (etcd's key order)
  std::string namespace_name;
  std::string name;
  std::string uid;
  std::uint64_t resource_version = 0;
  std::string json;  // carries metadata.resourceVersion
  StringPairs labels;
  StringPairs fields;
};
using ObjectPtr = std::shared_ptr<const StoredObject>;

enum class ChangeType { Added, Modified, Deleted };

// Whether a write is kept, or only checked and answered as it would be (`?dryRun=All`): a dry
// run goes through every check under the same lock but stores, versions and records nothing.
enum class WriteMode { Commit, DryRun };

struct Change {
  std::uint64_t resource_version = 0;
  std::string storage;
  ChangeType type = ChangeType::Added;
  // The new state; for Deleted the last state, stamped with the deletion's resourceVersion.
  ObjectPtr object;
  // The state before (null for Added), so watches with selectors can tell "stopped matching".
  ObjectPtr previous;
};

struct ListQuery {
  std::string storage;
  std::string namespace_name;  // empty: every namespace
  const LabelSelector* labels = nullptr;
  const FieldSelector* fields = nullptr;
  std::string start_after;  // a key; the page starts after it
  std::size_t limit = 0;    // 0: no limit
};

struct ListPage {
  std::uint64_t resource_version = 0;
  std::vector<ObjectPtr> items;
  bool more = false;
  // Objects after this page, when there are no selectors (as the real server reports it).
  std::optional<std::size_t> remaining;
};

struct ChangeRead {
  // `after` is older than the retained history: the watcher must relist (410).
  bool expired = false;
  std::uint64_t compacted = 0;
  // The resourceVersion read up to; the next read continues after it.
  std::uint64_t head = 0;
  std::vector<Change> changes;
};

class ObjectStore {
 public:
  using FieldsFunction =
      std::function<StringPairs(std::string_view storage, const nlohmann::json&)>;
  // Edits an object in place inside a transaction; an error aborts the write.
  using Mutation = std::function<std::optional<ApiError>(nlohmann::json& object)>;

  // `history_limit`: changes kept for watches before the oldest are compacted away.
  ObjectStore(std::size_t history_limit, FieldsFunction fields);

  std::uint64_t resource_version() const;
  std::uint64_t compacted_resource_version() const;

  ObjectPtr get(std::string_view storage, std::string_view namespace_name,
                std::string_view name) const;
  ListPage list(const ListQuery& query) const;
  // Every object of a storage in one namespace (or all), with the resourceVersion they were
  // read at: the state a watch without resourceVersion replays first.
  ListPage snapshot(std::string_view storage, std::string_view namespace_name) const;
  std::size_t size(std::string_view storage) const;

  // Stamps metadata.resourceVersion; AlreadyExists when the key is taken.
  ApiResult<ObjectPtr> create(const std::string& storage, const GroupResource& resource,
                              nlohmann::json object, WriteMode mode = WriteMode::Commit);
  // Read-modify-write under the store lock; NotFound when missing.
  ApiResult<ObjectPtr> update(const std::string& storage, const GroupResource& resource,
                              const std::string& namespace_name, const std::string& name,
                              const Mutation& mutate, WriteMode mode = WriteMode::Commit);
  // `check` may veto (preconditions); NotFound when missing.
  ApiResult<ObjectPtr> remove(const std::string& storage, const GroupResource& resource,
                              const std::string& namespace_name, const std::string& name,
                              const Mutation& check = nullptr, WriteMode mode = WriteMode::Commit);
  // Creates or replaces, no questions asked (test setup and scenario playback).
  ObjectPtr put(const std::string& storage, nlohmann::json object);

  // Changes to `storage` after resourceVersion `after`, at most `max_changes` of them.
  ChangeRead read_changes(std::string_view storage, std::uint64_t after,
                          std::size_t max_changes) const;
  // Returns when a change after `after` exists, at `deadline`, or on wake_watchers().
  void wait_for_change(std::uint64_t after, std::chrono::steady_clock::time_point deadline) const;
  void wake_watchers() const;
  // Drops the history up to and including `through` (all of it when omitted): watches from
  // older resourceVersions then get 410 Expired.
  void compact(std::optional<std::uint64_t> through = std::nullopt);

 private:
  using Objects = std::map<std::string, ObjectPtr, std::less<>>;

  // A resource_version of 0 leaves metadata.resourceVersion out, as in a dry-run create.
  ObjectPtr make_object(const std::string& storage, nlohmann::json& object,
                        std::uint64_t resource_version) const;
  void record(Change change);
  Objects& objects_of(const std::string& storage);

  std::size_t history_limit_;
  FieldsFunction fields_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::map<std::string, Objects, std::less<>> storages_;
  std::uint64_t resource_version_ = 0;
  std::uint64_t compacted_ = 0;
  std::deque<Change> history_;
};

// "namespace/name" or "name".
std::string object_key(std::string_view namespace_name, std::string_view name);

}  // namespace kexit::kubesim
