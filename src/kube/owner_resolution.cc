#include "kube/owner_resolution.h"

#include "base/json_field_reader.h"
#include "base/text.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

std::map<std::string, std::string> string_map(const json& object, const char* field) {
  std::map<std::string, std::string> values;
  if (!object.is_object() || !object.contains("metadata") || !object["metadata"].is_object()) {
    return values;
  }
  const json& map = object["metadata"].value(field, json::object());
  if (!map.is_object()) {
    return values;
  }
  for (const auto& [key, value] : map.items()) {
    if (value.is_string()) {
      values[key] = value.get<std::string>();
    }
  }
  return values;
}

std::string restart_policy_of(const json& object, const std::string& kind) {
  json::json_pointer pointer(kind == "CronJob"
                                 ? "/spec/jobTemplate/spec/template/spec/restartPolicy"
                                 : "/spec/template/spec/restartPolicy");
  if (!object.contains(pointer) || !object.at(pointer).is_string()) {
    return "";
  }
  return object.at(pointer).get<std::string>();
}

bool is_workload_kind(const std::string& kind) {
  return kind == "ReplicaSet" || kind == "Deployment" || kind == "StatefulSet" ||
         kind == "DaemonSet" || kind == "Job" || kind == "CronJob";
}

// "replicasets.apps", the resource a 403 says is not granted.
std::string resource_of(const std::string& kind) {
  return to_lower(kind) + "s." + ((kind == "Job" || kind == "CronJob") ? "batch" : "apps");
}

// Why an answer holds no owner object, or "" when it holds one.
std::string unreadable_because(const Expected<ApiResponse>& response,
                               const ControllerReference& reference) {
  const std::string object = reference.kind + " " + reference.name;
  if (!response) {
    return object + " could not be read (" + response.error().message + ")";
  }
  if (response->status == 404) {
    // A ReplicaSet past the Deployment's revisionHistoryLimit is garbage-collected with its
    // pods still terminating, and a Job goes at its ttlSecondsAfterFinished.
    return object + " is gone (HTTP 404: deleted or garbage-collected since the pod was made)";
  }
  if (response->status == 403) {
    return object + " could not be read (HTTP 403; needs get " + resource_of(reference.kind) + ")";
  }
  if (!response->ok()) {
    return object + " could not be read (HTTP " + std::to_string(response->status) + ")";
  }
  return "";
}

std::string uid_of(const json& object) {
  auto metadata = object.find("metadata");
  return metadata != object.end() && metadata->is_object() ? string_or_empty(*metadata, "uid") : "";
}

bool is_referenced_object(const ControllerReference& reference, const json& object) {
  const std::string uid = uid_of(object);
  return reference.uid.empty() || uid.empty() || uid == reference.uid;
}

// The object, or a note saying why it could not be read.
std::optional<json> owner_object(const Expected<ApiResponse>& response, PodFacts& pod,
                                 const ControllerReference& reference) {
  std::string why = unreadable_because(response, reference);
  if (why.empty()) {
    auto object = response->json();
    if (!object || !object->is_object()) {
      why = reference.kind + " " + reference.name + " could not be read (not a JSON object)";
    } else if (!is_referenced_object(reference, *object)) {
      why = reference.kind + " " + reference.name + " is gone: the one of that name now has uid " +
            uid_of(*object) + ", the pod's reference names " + reference.uid;
    } else {
      return std::move(*object);
    }
  }
  pod.workload_unresolved = why;
  return std::nullopt;
}

std::optional<json> read_owner_object(EvidenceReader& reader, PodFacts& pod,
                                      const ControllerReference& reference) {
  return owner_object(reader.read_workload(pod.namespace_name, reference.kind, reference.name), pod,
                      reference);
}

}  // namespace

std::optional<ControllerReference> controller_reference(const json& object) {
  if (!object.is_object() || !object.contains("metadata") || !object["metadata"].is_object()) {
    return std::nullopt;
  }
  const json& owners = object["metadata"].value("ownerReferences", json::array());
  if (!owners.is_array()) {
    return std::nullopt;
  }
  for (const json& owner : owners) {
    if (owner.is_object() && owner.value("controller", json()) == json(true)) {
      return ControllerReference{string_or_empty(owner, "kind"), string_or_empty(owner, "name"),
                                 string_or_empty(owner, "uid")};
    }
  }
  return std::nullopt;
}

WorkloadOwner workload_owner_of(const json& object) {
  WorkloadOwner owner;
  owner.kind = string_or_empty(object, "kind");
  const json& metadata = object.value("metadata", json::object());
  owner.name = string_or_empty(metadata, "name");
  owner.namespace_name = string_or_empty(metadata, "namespace");
  owner.manager =
      gitops_manager_of(string_map(object, "labels"), string_map(object, "annotations"));
  owner.restart_policy = restart_policy_of(object, owner.kind);
  json::json_pointer job_spec(owner.kind == "CronJob" ? "/spec/jobTemplate/spec" : "/spec");
  json::json_pointer pod_spec(job_spec.to_string() + "/template/spec");
  if (object.contains(pod_spec)) {
    owner.containers = template_containers(object.at(pod_spec));
  }
  owner.has_pod_failure_policy = (owner.kind == "Job" || owner.kind == "CronJob") &&
                                 object.contains(job_spec) && object.at(job_spec).is_object() &&
                                 object.at(job_spec).contains("podFailurePolicy") &&
                                 !object.at(job_spec)["podFailurePolicy"].is_null();
  return owner;
}

bool owned_by(const PodFacts& pod, const json& object) {
  return is_referenced_object({pod.owner_kind, pod.owner_name, pod.owner_uid}, object);
}

void resolve_workload_owner(EvidenceReader& reader, PodFacts& pod,
                            const Expected<ApiResponse>* owner_read) {
  if (!reader.reads_workloads() || pod.to_diagnose.empty() || !is_workload_kind(pod.owner_kind) ||
      pod.owner_name.empty()) {
    return;
  }
  ControllerReference current{pod.owner_kind, pod.owner_name, pod.owner_uid};
  auto object = owner_read != nullptr ? owner_object(*owner_read, pod, current)
                                      : read_owner_object(reader, pod, current);
  if (!object) {
    return;
  }
  auto above = controller_reference(*object);
  if (above && ((current.kind == "ReplicaSet" && above->kind == "Deployment") ||
                (current.kind == "Job" && above->kind == "CronJob"))) {
    current = *above;
    object = read_owner_object(reader, pod, current);
    if (!object) {
      return;
    }
  }
  // A ReplicaSet no Deployment controls rolls nothing out: a change to it reaches no running
  // pod, so there is no owner to fix (and nothing went wrong reading it).
  if (current.kind == "ReplicaSet") {
    return;
  }
  WorkloadOwner owner = workload_owner_of(*object);
  // List items and some servers leave out kind; the reference named it.
  owner.kind = current.kind;
  owner.name = current.name;
  owner.namespace_name = pod.namespace_name;
  pod.workload = std::move(owner);
}

}  // namespace kexit::kube
