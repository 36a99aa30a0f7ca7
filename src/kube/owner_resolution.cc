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

// The object, or a note saying why it could not be read.
std::optional<json> read_owner_object(EvidenceReader& reader, PodFacts& pod,
                                      const ControllerReference& reference) {
  auto response = reader.read_workload(pod.namespace_name, reference.kind, reference.name);
  std::string why;
  if (!response) {
    why = response.error().message;
  } else if (!response->ok()) {
    why = "HTTP " + std::to_string(response->status);
  } else if (auto object = response->json(); object && object->is_object()) {
    return std::move(*object);
  } else {
    why = "not a JSON object";
  }
  pod.workload_unresolved =
      reference.kind + " " + reference.name + " could not be read (" + why + "; needs get " +
      to_lower(reference.kind) + "s." +
      ((reference.kind == "Job" || reference.kind == "CronJob") ? "batch" : "apps") + ")";
  return std::nullopt;
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
      return ControllerReference{string_or_empty(owner, "kind"), string_or_empty(owner, "name")};
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
  return owner;
}

void resolve_workload_owner(EvidenceReader& reader, PodFacts& pod) {
  if (!reader.reads_workloads() || pod.to_diagnose.empty() || !is_workload_kind(pod.owner_kind) ||
      pod.owner_name.empty()) {
    return;
  }
  ControllerReference current{pod.owner_kind, pod.owner_name};
  auto object = read_owner_object(reader, pod, current);
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
