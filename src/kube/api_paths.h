#pragma once
// URL paths of Kubernetes API resources: "/api/v1/namespaces/x/pods/p/log",
// "/apis/apps/v1/namespaces/x/deployments".

#include <string>

namespace kexit::kube {

struct ResourcePath {
  // "" for the core group ("/api/v1").
  std::string group;
  std::string version = "v1";
  std::string resource;
  // "" for cluster-scoped resources and lists across all namespaces.
  std::string namespace_name;
  std::string name;
  std::string subresource;

  std::string str() const;
};

std::string pods_path(const std::string& namespace_name, const std::string& name = "");
std::string pod_log_path(const std::string& namespace_name, const std::string& pod);
// core/v1 Events ("/api/v1/namespaces/x/events").
std::string core_events_path(const std::string& namespace_name, const std::string& name = "");
// events.k8s.io/v1 Events.
std::string events_v1_path(const std::string& namespace_name, const std::string& name = "");
std::string leases_path(const std::string& namespace_name, const std::string& name = "");

}  // namespace kexit::kube
