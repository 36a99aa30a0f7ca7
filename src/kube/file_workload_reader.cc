#include "kube/file_workload_reader.h"

#include "base/json_field_reader.h"
#include "base/shell_word.h"
#include "base/text.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

ApiResponse answer(int status, std::string body) {
  ApiResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// Copies `pointer` of `from` into `to` when `from` has it.
void keep(const json& from, json& to, const char* pointer) {
  json::json_pointer at(pointer);
  if (from.contains(at)) {
    to[at] = from.at(at);
  }
}

// The template's containers by name and index with their liveness and startup probes, what a
// probe fix addresses; their images, env and the rest are not kept.
void keep_containers(const json& from, json& to, const char* pointer) {
  json::json_pointer at(pointer);
  if (!from.contains(at) || !from.at(at).is_array()) {
    return;
  }
  json containers = json::array();
  for (const json& container : from.at(at)) {
    json kept = json::object();
    if (container.is_object()) {
      for (const char* field : {"name", "livenessProbe", "startupProbe"}) {
        if (container.contains(field)) {
          kept[field] = container[field];
        }
      }
    }
    containers.push_back(std::move(kept));
  }
  to[at] = std::move(containers);
}

}  // namespace

bool is_owner_kind(const std::string& kind) {
  return kind == "Job" || kind == "CronJob" || kind == "ReplicaSet" || kind == "Deployment" ||
         kind == "StatefulSet" || kind == "DaemonSet";
}

json owner_summary(const json& object) {
  json summary = json::object();
  for (const char* pointer :
       {"/kind", "/metadata/name", "/metadata/namespace", "/metadata/uid", "/metadata/labels",
        "/metadata/annotations", "/metadata/ownerReferences", "/status/conditions",
        "/spec/template/spec/restartPolicy", "/spec/jobTemplate/spec/template/spec/restartPolicy",
        "/spec/podFailurePolicy", "/spec/jobTemplate/spec/podFailurePolicy"}) {
    keep(object, summary, pointer);
  }
  keep_containers(object, summary, "/spec/template/spec/containers");
  keep_containers(object, summary, "/spec/jobTemplate/spec/template/spec/containers");
  return summary;
}

const json* FileWorkloadReader::find(const std::string& namespace_name, const std::string& kind,
                                     const std::string& name) const {
  const json* found = nullptr;
  for (const json& object : workloads_) {
    const json& metadata = object.value("metadata", json::object());
    std::string object_namespace = string_or_empty(metadata, "namespace");
    if (string_or_empty(object, "kind") == kind && string_or_empty(metadata, "name") == name &&
        (object_namespace.empty() ? "default" : object_namespace) == namespace_name) {
      found = &object;
    }
  }
  return found;
}

Expected<ApiResponse> FileWorkloadReader::read_job(const std::string& namespace_name,
                                                   const std::string& name) {
  const json* job = find(namespace_name, "Job", name);
  return job == nullptr ? answer(404, "{}") : answer(200, job->dump());
}

Expected<ApiResponse> FileWorkloadReader::read_workload(const std::string& namespace_name,
                                                        const std::string& kind,
                                                        const std::string& name) {
  const json* object = find(namespace_name, kind, name);
  if (object == nullptr) {
    // The namespace came from a file: quoted, so the command stays safe to paste.
    return Error{"not in the files; to get its fix, save it with the pod: kubectl get pod," +
                 to_lower(kind) + " -n " + shell_word(namespace_name) + " -o yaml"};
  }
  return answer(200, object->dump());
}

Expected<ApiResponse> FileWorkloadReader::read_events(const std::string&, const std::string&, int) {
  return Error{"Events of a file are attached to its pods, not read"};
}

Expected<ApiResponse> FileWorkloadReader::read_node(const std::string&) {
  return Error{"Nodes of a file are attached to their pods, not read"};
}

Expected<PodLog> FileWorkloadReader::read_log(const std::string&, const std::string&,
                                              const LogOptions&) {
  return Error{"logs of a file are given with --logs, not read"};
}

}  // namespace kexit::kube
