#include "kubesim/object_store.h"

#include <algorithm>

namespace kexit::kubesim {
namespace {

using nlohmann::json;

std::string string_field(const json& object, const char* section, const char* key) {
  auto outer = object.find(section);
  if (outer == object.end() || !outer->is_object()) {
    return "";
  }
  auto inner = outer->find(key);
  if (inner == outer->end() || !inner->is_string()) {
    return "";
  }
  return inner->get<std::string>();
}

StringPairs labels_of(const json& object) {
  StringPairs labels;
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) {
    return labels;
  }
  auto found = metadata->find("labels");
  if (found == metadata->end() || !found->is_object()) {
    return labels;
  }
  for (const auto& [key, value] : found->items()) {
    labels.emplace_back(key, value.is_string() ? value.get<std::string>() : value.dump());
  }
  sort_pairs(labels);
  return labels;
}

bool selected(const StoredObject& object, const ListQuery& query) {
  return (query.labels == nullptr || query.labels->matches(object.labels)) &&
         (query.fields == nullptr || query.fields->matches(object.fields));
}

}  // namespace

std::string object_key(std::string_view namespace_name, std::string_view name) {
  if (namespace_name.empty()) {
    return std::string(name);
  }
  std::string key;
  key.reserve(namespace_name.size() + 1 + name.size());
  key.append(namespace_name).append("/").append(name);
  return key;
}

ObjectStore::ObjectStore(std::size_t history_limit, FieldsFunction fields)
    : history_limit_(std::max<std::size_t>(history_limit, 1)), fields_(std::move(fields)) {}

std::uint64_t ObjectStore::resource_version() const {
  std::lock_guard lock(mutex_);
  return resource_version_;
}

std::uint64_t ObjectStore::compacted_resource_version() const {
  std::lock_guard lock(mutex_);
  return compacted_;
}

ObjectPtr ObjectStore::make_object(const std::string& storage, json& object,
                                   std::uint64_t resource_version) const {
  // Stored without kind and apiVersion, as list items are served; single objects and watch
  // events get them back when rendered.
  object.erase("kind");
  object.erase("apiVersion");
  if (resource_version == 0) {
    object["metadata"].erase("resourceVersion");
  } else {
    object["metadata"]["resourceVersion"] = std::to_string(resource_version);
  }
  auto stored = std::make_shared<StoredObject>();
  stored->namespace_name = string_field(object, "metadata", "namespace");
  stored->name = string_field(object, "metadata", "name");
  stored->uid = string_field(object, "metadata", "uid");
  stored->key = object_key(stored->namespace_name, stored->name);
  stored->resource_version = resource_version;
  stored->labels = labels_of(object);
  stored->fields = fields_(storage, object);
  stored->json = object.dump();
  return stored;
}

ObjectStore::Objects& ObjectStore::objects_of(const std::string& storage) {
  auto it = storages_.find(storage);
  if (it == storages_.end()) {
    it = storages_.emplace(storage, Objects{}).first;
  }
  return it->second;
}

void ObjectStore::record(Change change) {
  history_.push_back(std::move(change));
  while (history_.size() > history_limit_) {
    compacted_ = history_.front().resource_version;
    history_.pop_front();
  }
  changed_.notify_all();
}

ObjectPtr ObjectStore::get(std::string_view storage, std::string_view namespace_name,
                           std::string_view name) const {
  std::string key = object_key(namespace_name, name);
  std::lock_guard lock(mutex_);
  auto objects = storages_.find(storage);
  if (objects == storages_.end()) {
    return nullptr;
  }
  auto it = objects->second.find(key);
  return it == objects->second.end() ? nullptr : it->second;
}

ListPage ObjectStore::list(const ListQuery& query) const {
  ListPage page;
  std::string prefix = query.namespace_name.empty() ? "" : query.namespace_name + "/";
  std::lock_guard lock(mutex_);
  page.resource_version = resource_version_;
  auto objects = storages_.find(query.storage);
  if (objects == storages_.end()) {
    return page;
  }
  const Objects& all = objects->second;
  auto it =
      query.start_after.empty() ? all.lower_bound(prefix) : all.upper_bound(query.start_after);
  if (!prefix.empty() && !query.start_after.empty() && query.start_after < prefix) {
    it = all.lower_bound(prefix);
  }
  bool unfiltered = query.labels == nullptr && query.fields == nullptr;
  for (; it != all.end(); ++it) {
    if (!prefix.empty() && it->first.compare(0, prefix.size(), prefix) != 0) {
      break;
    }
    if (!selected(*it->second, query)) {
      continue;
    }
    if (query.limit != 0 && page.items.size() == query.limit) {
      page.more = true;
      if (unfiltered) {
        std::size_t remaining = 0;
        for (; it != all.end(); ++it) {
          if (!prefix.empty() && it->first.compare(0, prefix.size(), prefix) != 0) {
            break;
          }
          ++remaining;
        }
        page.remaining = remaining;
      }
      break;
    }
    page.items.push_back(it->second);
  }
  return page;
}

ListPage ObjectStore::snapshot(std::string_view storage, std::string_view namespace_name) const {
  ListQuery query;
  query.storage = std::string(storage);
  query.namespace_name = std::string(namespace_name);
  return list(query);
}

std::size_t ObjectStore::size(std::string_view storage) const {
  std::lock_guard lock(mutex_);
  auto objects = storages_.find(storage);
  return objects == storages_.end() ? 0 : objects->second.size();
}

ApiResult<ObjectPtr> ObjectStore::create(const std::string& storage, const GroupResource& resource,
                                         json object, WriteMode mode) {
  std::string namespace_name = string_field(object, "metadata", "namespace");
  std::string name = string_field(object, "metadata", "name");
  std::string key = object_key(namespace_name, name);
  std::lock_guard lock(mutex_);
  Objects& objects = objects_of(storage);
  if (objects.count(key) != 0) {
    return already_exists(resource, name);
  }
  if (mode == WriteMode::DryRun) {
    return make_object(storage, object, 0);
  }
  ObjectPtr stored = make_object(storage, object, resource_version_ + 1);
  ++resource_version_;
  objects.emplace(key, stored);
  record({resource_version_, storage, ChangeType::Added, stored, nullptr});
  return stored;
}

ApiResult<ObjectPtr> ObjectStore::update(const std::string& storage, const GroupResource& resource,
                                         const std::string& namespace_name, const std::string& name,
                                         const Mutation& mutate, WriteMode mode) {
  std::string key = object_key(namespace_name, name);
  std::lock_guard lock(mutex_);
  Objects& objects = objects_of(storage);
  auto it = objects.find(key);
  if (it == objects.end()) {
    return not_found(resource, name);
  }
  json object = json::parse(it->second->json);
  if (auto error = mutate(object)) {
    return *error;
  }
  // The object keeps its identity whatever the mutation did.
  object["metadata"]["name"] = name;
  if (!namespace_name.empty()) {
    object["metadata"]["namespace"] = namespace_name;
  }
  if (mode == WriteMode::DryRun) {
    return make_object(storage, object, it->second->resource_version);
  }
  ObjectPtr previous = it->second;
  ObjectPtr stored = make_object(storage, object, resource_version_ + 1);
  ++resource_version_;
  it->second = stored;
  record({resource_version_, storage, ChangeType::Modified, stored, previous});
  return stored;
}

ApiResult<ObjectPtr> ObjectStore::remove(const std::string& storage, const GroupResource& resource,
                                         const std::string& namespace_name, const std::string& name,
                                         const Mutation& check, WriteMode mode) {
  std::string key = object_key(namespace_name, name);
  std::lock_guard lock(mutex_);
  Objects& objects = objects_of(storage);
  auto it = objects.find(key);
  if (it == objects.end()) {
    return not_found(resource, name);
  }
  json object = json::parse(it->second->json);
  if (check) {
    json copy = object;
    if (auto error = check(copy)) {
      return *error;
    }
  }
  if (mode == WriteMode::DryRun) {
    return it->second;
  }
  ObjectPtr previous = it->second;
  ObjectPtr last = make_object(storage, object, resource_version_ + 1);
  ++resource_version_;
  objects.erase(it);
  record({resource_version_, storage, ChangeType::Deleted, last, previous});
  return last;
}

ObjectPtr ObjectStore::put(const std::string& storage, json object) {
  std::string key = object_key(string_field(object, "metadata", "namespace"),
                               string_field(object, "metadata", "name"));
  std::lock_guard lock(mutex_);
  Objects& objects = objects_of(storage);
  ObjectPtr stored = make_object(storage, object, resource_version_ + 1);
  ++resource_version_;
  auto it = objects.find(key);
  if (it == objects.end()) {
    objects.emplace(key, stored);
    record({resource_version_, storage, ChangeType::Added, stored, nullptr});
  } else {
    ObjectPtr previous = it->second;
    it->second = stored;
    record({resource_version_, storage, ChangeType::Modified, stored, previous});
  }
  return stored;
}

ChangeRead ObjectStore::read_changes(std::string_view storage, std::uint64_t after,
                                     std::size_t max_changes) const {
  ChangeRead read;
  std::lock_guard lock(mutex_);
  read.compacted = compacted_;
  if (after < compacted_) {
    read.expired = true;
    read.head = after;
    return read;
  }
  read.head = after;
  if (history_.empty() || after >= history_.back().resource_version) {
    read.head = std::max(after, resource_version_);
    return read;
  }
  // History resourceVersions are contiguous: every write records exactly one change.
  std::size_t index = after < history_.front().resource_version
                          ? 0
                          : static_cast<std::size_t>(after + 1 - history_.front().resource_version);
  for (; index < history_.size(); ++index) {
    const Change& change = history_[index];
    read.head = change.resource_version;
    if (change.storage == storage) {
      read.changes.push_back(change);
      if (read.changes.size() >= max_changes) {
        break;
      }
    }
  }
  return read;
}

void ObjectStore::wait_for_change(std::uint64_t after,
                                  std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  if (resource_version_ > after) {
    return;
  }
  // One wait: a wake_watchers() call or any write ends it; callers loop.
  changed_.wait_until(lock, deadline);
}

void ObjectStore::wake_watchers() const {
  std::lock_guard lock(mutex_);
  changed_.notify_all();
}

void ObjectStore::compact(std::optional<std::uint64_t> through) {
  std::lock_guard lock(mutex_);
  std::uint64_t limit = through ? std::min(*through, resource_version_) : resource_version_;
  while (!history_.empty() && history_.front().resource_version <= limit) {
    history_.pop_front();
  }
  compacted_ = std::max(compacted_, limit);
  changed_.notify_all();
}

}  // namespace kexit::kubesim
