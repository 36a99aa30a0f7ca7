#include "kubesim/cluster.h"

#include <algorithm>
#include <cstdio>

#include "base/structured_text.h"
#include "base/text.h"
#include "kubesim/creation_defaults.h"
#include "kubesim/event_conversion.h"
#include "kubesim/kube_time.h"
#include "kubesim/object_validation.h"
#include "kubesim/pod_log_reader.h"
#include "kubesim/selectable_fields.h"
#include "kubesim/typed_decoding.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

const GroupResource kNamespaces{"", "namespaces"};

bool is_events_v1(const ResourceType& type) { return type.group == "events.k8s.io"; }

json with_type(const ResourceType& type, json object) {
  object["apiVersion"] = type.group_version();
  object["kind"] = type.kind;
  return object;
}

// The stored form: Events as core/v1; everything else as served.
json to_stored(const ResourceType& type, json object) {
  if (type.storage == "events") {
    object = is_events_v1(type) ? events_v1_to_core_event(object) : normalize_core_event(object);
  }
  return object;
}

json to_view(const ResourceType& type, const json& stored) {
  if (is_events_v1(type)) {
    json core = stored;
    core["apiVersion"] = "v1";
    core["kind"] = "Event";
    return core_event_to_events_v1(core);
  }
  return with_type(type, stored);
}

std::string metadata_string(const json& object, const char* key) {
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) {
    return "";
  }
  auto value = metadata->find(key);
  return value != metadata->end() && value->is_string() ? value->get<std::string>() : "";
}

std::string random_suffix(std::mt19937_64& random) {
  // apiserver names.SimpleNameGenerator: 5 characters without vowels or confusable digits.
  static const char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  std::string suffix;
  for (int i = 0; i < 5; ++i) {
    suffix += kAlphabet[random() % (sizeof kAlphabet - 1)];
  }
  return suffix;
}

void erase_pod_logs(LogStore& logs, const json& pod) {
  auto status = pod.find("status");
  if (status == pod.end() || !status->is_object()) {
    return;
  }
  for (const char* list : {"containerStatuses", "initContainerStatuses"}) {
    if (!status->contains(list) || !(*status)[list].is_array()) {
      continue;
    }
    for (const auto& entry : (*status)[list]) {
      logs.erase(entry.value("containerID", ""));
      for (const char* state : {"state", "lastState"}) {
        if (entry.contains(state) && entry[state].contains("terminated")) {
          logs.erase(entry[state]["terminated"].value("containerID", ""));
        }
      }
    }
  }
}

// When the lines of a log stored for an instance were written: a dead instance wrote them by
// the time it finished, so a log stored after the fact keeps to that (a line after finishedAt
// is how a client tells a later instance's log); a running instance writes now.
TimePoint log_write_time(const json& pod, const std::string& container, LogInstance instance,
                         TimePoint now) {
  const char* slot = instance == LogInstance::Previous ? "lastState" : "state";
  if (!pod.contains("status") || !pod["status"].is_object()) {
    return now;
  }
  for (const char* list : {"containerStatuses", "initContainerStatuses"}) {
    const json& statuses = pod["status"].value(list, json::array());
    for (const auto& status : statuses) {
      if (!status.is_object() || status.value("name", "") != container || !status.contains(slot) ||
          !status[slot].contains("terminated")) {
        continue;
      }
      // The status manager writes finishedAt: null for a container it never saw end.
      const json& finished_at = status[slot]["terminated"].value("finishedAt", json());
      auto finished =
          finished_at.is_string() ? parse_time(finished_at.get<std::string>()) : std::nullopt;
      return finished ? *finished : now;
    }
  }
  return now;
}

}  // namespace

Cluster::Cluster(const Clock& clock, ClusterOptions options)
    : clock_(clock),
      event_ttl_(options.event_ttl),
      store_(options.history_limit,
             [](std::string_view storage, const json& object) {
               return selectable_fields(storage, object);
             }),
      random_(std::random_device{}()) {
  for (const char* name : {"default", "kube-node-lease", "kube-public", "kube-system"}) {
    ensure_namespace(name);
  }
  json node = {
      {"metadata",
       {{"name", "kubesim-node-1"},
        {"uid", new_uid()},
        {"creationTimestamp", format_time(clock_.now())},
        {"labels", {{"kubernetes.io/hostname", "kubesim-node-1"}, {"kubernetes.io/os", "linux"}}}}},
      {"spec", json::object()}};
  node["status"]["conditions"] = json::array({{{"type", "Ready"}, {"status", "True"}}});
  node["status"]["nodeInfo"] = {{"kubeletVersion", "v1.32.4"},
                                {"containerRuntimeVersion", "containerd://1.7.24"}};
  store_.put("nodes", node);
}

std::string Cluster::new_uid() {
  std::lock_guard lock(random_mutex_);
  std::uint64_t high = random_();
  std::uint64_t low = random_();
  // Version 4, variant 1.
  high = (high & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(high >> 32),
                static_cast<unsigned long long>((high >> 16) & 0xffff),
                static_cast<unsigned long long>(high & 0xffff),
                static_cast<unsigned long long>(low >> 48),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return buffer;
}

void Cluster::ensure_namespace(const std::string& name) {
  if (name.empty() || store_.get("namespaces", "", name)) {
    return;
  }
  store_.put("namespaces", make_namespace(name, new_uid(), clock_.now()));
}

ApiResult<ObjectPtr> Cluster::get(const ResourceType& type, const std::string& namespace_name,
                                  const std::string& name) const {
  ObjectPtr object = store_.get(type.storage, type.namespaced ? namespace_name : "", name);
  if (!object) {
    return not_found(type.group_resource(), name);
  }
  return object;
}

ApiResult<ObjectPtr> Cluster::create(const ResourceType& type, const std::string& namespace_name,
                                     json object, WriteMode mode) {
  if (!object.is_object()) {
    return bad_request("the body of the request is not a JSON object");
  }
  std::string kind = object.value("kind", "");
  if (!kind.empty() && kind != type.kind) {
    return bad_request("the kind in the data (" + kind + ") does not match the expected kind (" +
                       type.kind + ")");
  }
  if (!object.contains("metadata") || !object["metadata"].is_object()) {
    object["metadata"] = json::object();
  }
  json& metadata = object["metadata"];
  if (type.namespaced) {
    std::string body_namespace = metadata_string(object, "namespace");
    if (!body_namespace.empty() && body_namespace != namespace_name) {
      return bad_request(
          "the namespace of the provided object does not match the namespace sent on the "
          "request");
    }
    metadata["namespace"] = namespace_name;
    if (!store_.get("namespaces", "", namespace_name)) {
      return not_found(kNamespaces, namespace_name);
    }
  } else {
    metadata.erase("namespace");
  }
  std::string name = metadata_string(object, "name");
  if (name.empty()) {
    std::string generate = metadata_string(object, "generateName");
    if (generate.empty()) {
      return invalid(type.kind, type.group_resource(), "", "metadata.name",
                     "Required value: name or generateName is required");
    }
    std::lock_guard lock(random_mutex_);
    name = generate + random_suffix(random_);
    metadata["name"] = name;
  }
  if (auto error = decoding_error(type, object)) {
    return body_decoding_error(type, *error);
  }
  apply_creation_metadata(type, object, new_uid(), clock_.now());
  if (type.storage == "pods") {
    apply_pod_defaults(object);
    reset_pod_status(object);
  } else if (type.storage == "namespaces") {
    apply_namespace_defaults(object);
  } else if (type.storage == "services") {
    std::lock_guard lock(random_mutex_);
    apply_service_defaults(object, next_cluster_ip_);
    if (mode == WriteMode::Commit) {
      ++next_cluster_ip_;
    }
  }
  if (auto errors = validate_object(type, object, nullptr); !errors.empty()) {
    return invalid_fields(type.kind, type.group_resource(), name, errors);
  }
  return leased(
      type,
      store_.create(type.storage, type.group_resource(), to_stored(type, std::move(object)), mode),
      mode);
}

ApiResult<ObjectPtr> Cluster::write(const ResourceType& type, const std::string& namespace_name,
                                    const std::string& name, ObjectPart part, WriteMode mode,
                                    const std::function<ApiResult<json>(const json&)>& next_state) {
  std::string scope = type.namespaced ? namespace_name : "";
  return leased(type, write_object(type, scope, name, part, mode, next_state), mode);
}

ApiResult<ObjectPtr> Cluster::write_object(
    const ResourceType& type, const std::string& scope, const std::string& name, ObjectPart part,
    WriteMode mode, const std::function<ApiResult<json>(const json&)>& next_state) {
  return store_.update(
      type.storage, type.group_resource(), scope, name,
      [&](json& stored) -> std::optional<ApiError> {
        json current = to_view(type, stored);
        KEXIT_ASSIGN(next, next_state(current));
        json& candidate = next;
        if (!candidate.is_object()) {
          return bad_request("the object is not a JSON object");
        }
        std::string wanted = metadata_string(candidate, "resourceVersion");
        if (!wanted.empty() && wanted != metadata_string(stored, "resourceVersion")) {
          return modified_conflict(type.group_resource(), name);
        }
        json updated = to_stored(type, candidate);
        updated.erase("apiVersion");
        updated.erase("kind");
        if (part == ObjectPart::Status) {
          json result = stored;
          if (updated.contains("status")) {
            result["status"] = updated["status"];
          } else {
            result.erase("status");
          }
          stored = std::move(result);
          return std::nullopt;
        }
        if (type.has_status()) {
          if (stored.contains("status")) {
            updated["status"] = stored["status"];
          } else {
            updated.erase("status");
          }
        }
        json& metadata = updated["metadata"];
        for (const char* key : {"uid", "creationTimestamp", "generation", "deletionTimestamp"}) {
          if (stored["metadata"].contains(key)) {
            metadata[key] = stored["metadata"][key];
          } else {
            metadata.erase(key);
          }
        }
        if (metadata.contains("generation") &&
            updated.value("spec", json()) != stored.value("spec", json())) {
          metadata["generation"] = metadata["generation"].get<long long>() + 1;
        }
        if (auto errors = validate_object(type, updated, &stored); !errors.empty()) {
          return invalid_fields(type.kind, type.group_resource(), name, errors);
        }
        stored = std::move(updated);
        return std::nullopt;
      },
      mode);
}

ApiResult<ObjectPtr> Cluster::replace(const ResourceType& type, const std::string& namespace_name,
                                      const std::string& name, json object, ObjectPart part,
                                      WriteMode mode) {
  if (!object.is_object()) {
    return bad_request("the body of the request is not a JSON object");
  }
  std::string body_name = metadata_string(object, "name");
  if (body_name != name) {
    return bad_request("the name of the object (" + body_name +
                       ") does not match the name on the URL (" + name + ")");
  }
  if (type.namespaced) {
    std::string body_namespace = metadata_string(object, "namespace");
    if (!body_namespace.empty() && body_namespace != namespace_name) {
      return bad_request(
          "the namespace of the provided object does not match the namespace sent on the "
          "request");
    }
  }
  if (auto error = decoding_error(type, object); error && part == ObjectPart::Main) {
    return body_decoding_error(type, *error);
  }
  return write(type, namespace_name, name, part, mode,
               [&](const json&) -> ApiResult<json> { return object; });
}

ApiResult<ObjectPtr> Cluster::patch(const ResourceType& type, const std::string& namespace_name,
                                    const std::string& name, PatchType patch_type,
                                    const json& patch_body, ObjectPart part, WriteMode mode) {
  return write(type, namespace_name, name, part, mode, [&](const json& current) -> ApiResult<json> {
    auto patched = apply_patch(patch_type, current, patch_body);
    if (!patched) {
      return ApiError{422, "Invalid", patched.error().message, nullptr};
    }
    if (auto error = decoding_error(type, patched.value()); error && part == ObjectPart::Main) {
      return patch_decoding_error(patch_body, *error);
    }
    return std::move(patched).value();
  });
}

ApiResult<ObjectPtr> Cluster::remove(const ResourceType& type, const std::string& namespace_name,
                                     const std::string& name, const json& options, WriteMode mode) {
  std::string scope = type.namespaced ? namespace_name : "";
  json preconditions = options.is_object() ? options.value("preconditions", json()) : json();
  auto removed = store_.remove(
      type.storage, type.group_resource(), scope, name,
      [&](json& stored) -> std::optional<ApiError> {
        if (!preconditions.is_object()) {
          return std::nullopt;
        }
        std::string uid = preconditions.value("uid", "");
        if (!uid.empty() && uid != metadata_string(stored, "uid")) {
          return conflict(type.group_resource(), name,
                          "Precondition failed: UID in precondition: " + uid +
                              ", UID in object meta: " + metadata_string(stored, "uid"));
        }
        std::string version = preconditions.value("resourceVersion", "");
        if (!version.empty() && version != metadata_string(stored, "resourceVersion")) {
          return conflict(type.group_resource(), name,
                          "Precondition failed: ResourceVersion in precondition: " + version +
                              ", ResourceVersion in object meta: " +
                              metadata_string(stored, "resourceVersion"));
        }
        return std::nullopt;
      },
      mode);
  if (removed && mode == WriteMode::Commit && type.storage == "pods") {
    erase_pod_logs(logs_, json::parse(removed.value()->json));
  }
  return removed;
}

std::string Cluster::render(const ResourceType& type, const StoredObject& object,
                            bool typed) const {
  if (is_events_v1(type)) {
    json view = to_view(type, json::parse(object.json));
    if (!typed) {
      view.erase("apiVersion");
      view.erase("kind");
    }
    return view.dump();
  }
  if (!typed) {
    return object.json;
  }
  // Keys stay sorted as nlohmann writes them: apiVersion and kind come first.
  std::string prefix = "{\"apiVersion\":" + json(type.group_version()).dump() +
                       ",\"kind\":" + json(type.kind).dump();
  if (object.json.size() <= 2) {
    return prefix + "}";
  }
  return prefix + "," + object.json.substr(1);
}

json Cluster::render_json(const ResourceType& type, const StoredObject& object) const {
  return to_view(type, json::parse(object.json));
}

Expected<ObjectPtr> Cluster::put(json object) {
  if (!object.is_object()) {
    return Error{"object is not a JSON object"};
  }
  std::string api_version = object.value("apiVersion", "");
  std::string kind = object.value("kind", "");
  const ResourceType* type = find_resource_by_kind(api_version, kind);
  if (type == nullptr) {
    return Error{"kubesim does not serve kind \"" + kind + "\" in \"" + api_version +
                 "\"; see kubesim/README.md for the served resources"};
  }
  json& metadata = object["metadata"];
  if (!metadata.is_object() || metadata_string(object, "name").empty()) {
    return Error{kind + " has no metadata.name"};
  }
  if (type->namespaced) {
    if (metadata_string(object, "namespace").empty()) {
      metadata["namespace"] = "default";
    }
    ensure_namespace(metadata["namespace"].get<std::string>());
  } else {
    metadata.erase("namespace");
  }
  if (metadata_string(object, "uid").empty()) {
    metadata["uid"] = new_uid();
  }
  if (metadata_string(object, "creationTimestamp").empty()) {
    metadata["creationTimestamp"] = format_time(clock_.now());
  }
  ObjectPtr stored = store_.put(type->storage, to_stored(*type, std::move(object)));
  if (type->storage == "events") {
    lease_event(*stored);
  }
  return stored;
}

void Cluster::lease_event(const StoredObject& event) {
  if (event_ttl_.count() <= 0) {
    return;
  }
  std::lock_guard lock(leases_mutex_);
  TimePoint expires = clock_.now() + event_ttl_;
  event_leases_[event.key] = {expires, std::to_string(event.resource_version)};
  earliest_expiry_ = std::min(earliest_expiry_, expires);
}

ApiResult<ObjectPtr> Cluster::leased(const ResourceType& type, ApiResult<ObjectPtr> written,
                                     WriteMode mode) {
  if (written && mode == WriteMode::Commit && type.storage == "events") {
    lease_event(*written.value());
  }
  return written;
}

void Cluster::expire_events() {
  std::vector<std::pair<std::string, EventLease>> due;
  {
    std::lock_guard lock(leases_mutex_);
    TimePoint now = clock_.now();
    // Watches of Events call this on every wake: skip the scan until something is due.
    if (now < earliest_expiry_) {
      return;
    }
    earliest_expiry_ = TimePoint::max();
    for (auto it = event_leases_.begin(); it != event_leases_.end();) {
      if (it->second.expires <= now) {
        due.emplace_back(*it);
        it = event_leases_.erase(it);
      } else {
        earliest_expiry_ = std::min(earliest_expiry_, it->second.expires);
        ++it;
      }
    }
  }
  for (const auto& [key, lease] : due) {
    std::size_t slash = key.find('/');
    std::string version = lease.resource_version;
    // A write since the lease was taken renewed it; only the leased version expires.
    (void)store_.remove("events", {"", "events"}, key.substr(0, slash), key.substr(slash + 1),
                        [&version](json& stored) -> std::optional<ApiError> {
                          if (metadata_string(stored, "resourceVersion") != version) {
                            return ApiError{409, "Conflict", "renewed", nullptr};
                          }
                          return std::nullopt;
                        });
  }
}

Status Cluster::put_text(std::string_view text, const std::string& source) {
  auto documents = parse_json_or_yaml(text, source);
  if (!documents) {
    return documents.error();
  }
  for (auto& document : *documents) {
    std::vector<json> objects;
    if (document.is_object() && ends_with(document.value("kind", ""), "List") &&
        document.contains("items") && document["items"].is_array()) {
      for (auto& item : document["items"]) {
        objects.push_back(item);
      }
    } else {
      objects.push_back(document);
    }
    for (auto& object : objects) {
      auto stored = put(std::move(object));
      if (!stored) {
        return Error{stored.error().message, source};
      }
    }
  }
  return ok_status();
}

bool Cluster::erase(const ResourceType& type, const std::string& namespace_name,
                    const std::string& name) {
  return remove(type, namespace_name, name, nullptr).ok();
}

Expected<std::string> Cluster::log_instance_id(const std::string& namespace_name,
                                               const std::string& pod, const std::string& container,
                                               LogInstance instance) const {
  ObjectPtr object = store_.get("pods", namespace_name, pod);
  if (!object) {
    return Error{"pods \"" + pod + "\" not found in namespace \"" + namespace_name + "\""};
  }
  json pod_json = json::parse(object->json);
  auto id = log_container_id(pod_json, container, instance == LogInstance::Previous);
  if (!id) {
    return Error{id.error().message};
  }
  if (id->empty()) {
    return Error{"container \"" + container + "\" in pod \"" + pod +
                 "\" has no containerID in its status; set one to attach a log"};
  }
  return std::move(id).value();
}

TimePoint Cluster::log_time(const std::string& namespace_name, const std::string& pod,
                            const std::string& container, LogInstance instance) const {
  ObjectPtr object = store_.get("pods", namespace_name, pod);
  if (!object) {
    return clock_.now();
  }
  return log_write_time(json::parse(object->json), container, instance, clock_.now());
}

Status Cluster::set_log(const std::string& namespace_name, const std::string& pod,
                        const std::string& container, const std::string& text,
                        LogInstance instance) {
  KEXIT_ASSIGN(id, log_instance_id(namespace_name, pod, container, instance));
  logs_.replace(id, text, log_time(namespace_name, pod, container, instance));
  return ok_status();
}

Status Cluster::append_log(const std::string& namespace_name, const std::string& pod,
                           const std::string& container, const std::string& text,
                           LogInstance instance) {
  KEXIT_ASSIGN(id, log_instance_id(namespace_name, pod, container, instance));
  logs_.append(id, text, log_time(namespace_name, pod, container, instance));
  return ok_status();
}

}  // namespace kexit::kubesim
