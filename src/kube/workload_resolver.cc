#include "kube/workload_resolver.h"

#include <set>

#include "base/json_field_reader.h"
#include "base/text.h"
#include "kube/api_paths.h"
#include "kube/label_selector.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

struct Workload {
  std::string uid;
  std::string selector;
};

std::string uid_of(const json& object) {
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) {
    return "";
  }
  return metadata->value("uid", "");
}

// True when one of the object's ownerReferences points at a uid in `owners`.
bool owned_by(const json& object, const std::set<std::string>& owners) {
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) {
    return false;
  }
  auto references = metadata->find("ownerReferences");
  if (references == metadata->end() || !references->is_array()) {
    return false;
  }
  for (const json& reference : *references) {
    if (reference.is_object() && owners.count(string_or_empty(reference, "uid")) != 0) {
      return true;
    }
  }
  return false;
}

std::string group_of(const std::string& resource) {
  if (resource == "jobs" || resource == "cronjobs") {
    return "batch";
  }
  return "apps";
}

Expected<Workload> get_workload(ApiClient& client, const std::string& resource,
                                const std::string& namespace_name, const std::string& name) {
  std::string path =
      ResourcePath{group_of(resource), "v1", resource, namespace_name, name, ""}.str();
  KEXIT_ASSIGN(object, client.get_object(path));
  Workload workload;
  workload.uid = uid_of(object);
  const json& spec = object.contains("spec") ? object["spec"] : json::object();
  if (resource != "cronjobs" && spec.is_object()) {
    const json& selector = spec.contains("selector") ? spec["selector"] : json();
    KEXIT_ASSIGN(text, label_selector_string(selector, resource + "/" + name + ":.spec.selector"));
    workload.selector = text;
  }
  return workload;
}

// Lists pods matching `selector` and owned by one of `owners`.
Status visit_owned_pods(ApiClient& client, const std::string& namespace_name,
                        const std::string& selector, const std::set<std::string>& owners,
                        const std::function<Status(json&&)>& visit) {
  ListOptions options;
  options.label_selector = selector;
  auto listed = client.list_each(pods_path(namespace_name), options, [&](json&& pod) {
    if (!owned_by(pod, owners)) {
      return ok_status();
    }
    return visit(std::move(pod));
  });
  if (!listed) {
    return listed.error();
  }
  return ok_status();
}

// uids of the objects in a collection owned by one of `owners`.
Expected<std::set<std::string>> owned_uids(ApiClient& client, const std::string& path,
                                           const std::string& selector,
                                           const std::set<std::string>& owners) {
  std::set<std::string> uids;
  ListOptions options;
  options.label_selector = selector;
  auto listed = client.list_each(path, options, [&](json&& object) {
    if (owned_by(object, owners)) {
      uids.insert(uid_of(object));
    }
    return ok_status();
  });
  if (!listed) {
    return listed.error();
  }
  return uids;
}

}  // namespace

Expected<std::string> normalize_resource(std::string_view resource) {
  std::string name = to_lower(resource);
  if (name == "pod" || name == "pods" || name == "po") {
    return std::string("pods");
  }
  if (name == "deployment" || name == "deployments" || name == "deploy") {
    return std::string("deployments");
  }
  if (name == "statefulset" || name == "statefulsets" || name == "sts") {
    return std::string("statefulsets");
  }
  if (name == "daemonset" || name == "daemonsets" || name == "ds") {
    return std::string("daemonsets");
  }
  if (name == "replicaset" || name == "replicasets" || name == "rs") {
    return std::string("replicasets");
  }
  if (name == "job" || name == "jobs") {
    return std::string("jobs");
  }
  if (name == "cronjob" || name == "cronjobs" || name == "cj") {
    return std::string("cronjobs");
  }
  return Error{"cannot inspect \"" + std::string(resource) +
               "\"; use pod/NAME, deployment/NAME, statefulset/NAME, daemonset/NAME, "
               "replicaset/NAME, job/NAME or cronjob/NAME"};
}

Status for_each_target_job(ApiClient& client, const PodQuery& query,
                           const std::function<Status(json&&)>& visit) {
  const std::string& ns = query.namespace_name;
  if (query.resource == "jobs") {
    KEXIT_ASSIGN(job,
                 client.get_object(ResourcePath{"batch", "v1", "jobs", ns, query.name, ""}.str()));
    return visit(std::move(job));
  }
  if (query.resource != "cronjobs") {
    return ok_status();
  }
  KEXIT_ASSIGN(cronjob, get_workload(client, query.resource, ns, query.name));
  auto listed = client.list_each(ResourcePath{"batch", "v1", "jobs", ns, "", ""}.str(), {},
                                 [&](json&& job) -> Status {
                                   if (!owned_by(job, {cronjob.uid})) {
                                     return ok_status();
                                   }
                                   return visit(std::move(job));
                                 });
  if (!listed) {
    return listed.error();
  }
  return ok_status();
}

Status for_each_target_pod(ApiClient& client, const PodQuery& query,
                           const std::function<Status(json&&)>& visit) {
  const std::string& ns = query.namespace_name;
  if (query.resource.empty()) {
    ListOptions options;
    options.label_selector = query.label_selector;
    auto listed = client.list_each(pods_path(ns), options, visit);
    if (!listed) {
      return listed.error();
    }
    return ok_status();
  }
  if (ns.empty()) {
    return Error{"a " + query.resource +
                 " cannot be looked up by name across all namespaces; drop -A and pass -n"};
  }
  if (query.resource == "pods") {
    KEXIT_ASSIGN(pod, client.get_pod(ns, query.name));
    return visit(std::move(pod));
  }
  KEXIT_ASSIGN(workload, get_workload(client, query.resource, ns, query.name));
  if (query.resource == "deployments") {
    KEXIT_ASSIGN(replica_sets,
                 owned_uids(client, ResourcePath{"apps", "v1", "replicasets", ns, "", ""}.str(),
                            workload.selector, {workload.uid}));
    return visit_owned_pods(client, ns, and_selectors(workload.selector, query.label_selector),
                            replica_sets, visit);
  }
  if (query.resource == "cronjobs") {
    KEXIT_ASSIGN(jobs, owned_uids(client, ResourcePath{"batch", "v1", "jobs", ns, "", ""}.str(), "",
                                  {workload.uid}));
    if (jobs.empty()) {
      return ok_status();
    }
    return visit_owned_pods(client, ns, query.label_selector, jobs, visit);
  }
  return visit_owned_pods(client, ns, and_selectors(workload.selector, query.label_selector),
                          {workload.uid}, visit);
}

}  // namespace kexit::kube
