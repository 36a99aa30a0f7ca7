#include "kube/api_paths.h"

#include "kube/query_string.h"

namespace kexit::kube {

std::string ResourcePath::str() const {
  std::string path = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
  if (!namespace_name.empty()) {
    path += "/namespaces/" + percent_encode(namespace_name);
  }
  path += "/" + resource;
  if (!name.empty()) {
    path += "/" + percent_encode(name);
    if (!subresource.empty()) {
      path += "/" + subresource;
    }
  }
  return path;
}

std::string pods_path(const std::string& namespace_name, const std::string& name) {
  return ResourcePath{"", "v1", "pods", namespace_name, name, ""}.str();
}

std::string pod_log_path(const std::string& namespace_name, const std::string& pod) {
  return ResourcePath{"", "v1", "pods", namespace_name, pod, "log"}.str();
}

std::string core_events_path(const std::string& namespace_name, const std::string& name) {
  return ResourcePath{"", "v1", "events", namespace_name, name, ""}.str();
}

std::string events_v1_path(const std::string& namespace_name, const std::string& name) {
  return ResourcePath{"events.k8s.io", "v1", "events", namespace_name, name, ""}.str();
}

std::string leases_path(const std::string& namespace_name, const std::string& name) {
  return ResourcePath{"coordination.k8s.io", "v1", "leases", namespace_name, name, ""}.str();
}

}  // namespace kexit::kube
