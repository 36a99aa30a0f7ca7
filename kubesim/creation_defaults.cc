#include "kubesim/creation_defaults.h"

#include "kubesim/kube_time.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

void set_default(json& object, const char* key, const json& value) {
  if (!object.contains(key) || object[key].is_null()) {
    object[key] = value;
  }
}

std::string image_pull_policy(const std::string& image) {
  // Defaults from k8s.io/kubernetes pkg/apis/core/v1/defaults.go SetDefaults_Container.
  std::string last =
      image.substr(image.find_last_of('/') == std::string::npos ? 0 : image.find_last_of('/') + 1);
  if (image.find('@') != std::string::npos) {
    return "IfNotPresent";
  }
  std::size_t colon = last.find(':');
  if (colon == std::string::npos || last.substr(colon + 1) == "latest") {
    return "Always";
  }
  return "IfNotPresent";
}

// SetDefaults_Probe, SetDefaults_HTTPGetAction and SetDefaults_GRPCAction of
// pkg/apis/core/v1/defaults.go: what `kubectl describe` then prints as
// "delay=0s timeout=1s period=10s #success=1 #failure=3".
void default_probe(json& probe) {
  if (!probe.is_object()) {
    return;
  }
  set_default(probe, "timeoutSeconds", 1);
  set_default(probe, "periodSeconds", 10);
  set_default(probe, "successThreshold", 1);
  set_default(probe, "failureThreshold", 3);
  if (probe.contains("httpGet") && probe["httpGet"].is_object()) {
    set_default(probe["httpGet"], "path", "/");
    set_default(probe["httpGet"], "scheme", "HTTP");
  }
  if (probe.contains("grpc") && probe["grpc"].is_object()) {
    set_default(probe["grpc"], "service", "");
  }
}

void default_containers(json& spec, const char* list) {
  if (!spec.contains(list) || !spec[list].is_array()) {
    return;
  }
  for (auto& container : spec[list]) {
    if (!container.is_object()) {
      continue;
    }
    set_default(container, "terminationMessagePath", "/dev/termination-log");
    set_default(container, "terminationMessagePolicy", "File");
    set_default(container, "imagePullPolicy", image_pull_policy(container.value("image", "")));
    set_default(container, "resources", json::object());
    for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
      if (container.contains(probe)) {
        default_probe(container[probe]);
      }
    }
    if (container.contains("ports") && container["ports"].is_array()) {
      for (auto& port : container["ports"]) {
        set_default(port, "protocol", "TCP");
      }
    }
  }
}

}  // namespace

void apply_creation_metadata(const ResourceType& type, json& object, const std::string& uid,
                             TimePoint now) {
  json& metadata = object["metadata"];
  metadata["uid"] = uid;
  metadata["creationTimestamp"] = format_time(now);
  metadata.erase("deletionTimestamp");
  metadata.erase("resourceVersion");
  if (type.group == "apps" || type.group == "batch") {
    metadata["generation"] = 1;
  }
}

void apply_pod_defaults(json& pod) {
  json& spec = pod["spec"];
  if (!spec.is_object()) {
    spec = json::object();
  }
  set_default(spec, "restartPolicy", "Always");
  set_default(spec, "terminationGracePeriodSeconds", 30);
  set_default(spec, "dnsPolicy", "ClusterFirst");
  set_default(spec, "securityContext", json::object());
  set_default(spec, "schedulerName", "default-scheduler");
  set_default(spec, "serviceAccountName", "default");
  set_default(spec, "serviceAccount", spec["serviceAccountName"]);
  set_default(spec, "enableServiceLinks", true);
  set_default(spec, "preemptionPolicy", "PreemptLowerPriority");
  set_default(spec, "priority", 0);
  if (!spec.contains("tolerations")) {
    spec["tolerations"] = json::array({{{"key", "node.kubernetes.io/not-ready"},
                                        {"operator", "Exists"},
                                        {"effect", "NoExecute"},
                                        {"tolerationSeconds", 300}},
                                       {{"key", "node.kubernetes.io/unreachable"},
                                        {"operator", "Exists"},
                                        {"effect", "NoExecute"},
                                        {"tolerationSeconds", 300}}});
  }
  default_containers(spec, "containers");
  default_containers(spec, "initContainers");
}

std::string qos_class(const json& pod) {
  // pkg/apis/core/helper/qos: Guaranteed when every container limits and requests cpu and
  // memory equally, BestEffort when none asks for anything, else Burstable.
  bool any = false;
  bool guaranteed = true;
  for (const char* list : {"containers", "initContainers"}) {
    if (!pod.contains("spec") || !pod["spec"].contains(list)) {
      continue;
    }
    for (const auto& container : pod["spec"][list]) {
      json resources = container.value("resources", json::object());
      json requests = resources.value("requests", json::object());
      json limits = resources.value("limits", json::object());
      if (!requests.empty() || !limits.empty()) {
        any = true;
      }
      for (const char* resource : {"cpu", "memory"}) {
        if (!limits.contains(resource)) {
          guaranteed = false;
        } else if (requests.contains(resource) && requests[resource] != limits[resource]) {
          guaranteed = false;
        }
      }
    }
  }
  if (!any) {
    return "BestEffort";
  }
  return guaranteed ? "Guaranteed" : "Burstable";
}

void reset_pod_status(json& pod) {
  pod["status"] = {{"phase", "Pending"}, {"qosClass", qos_class(pod)}};
}

void apply_namespace_defaults(json& namespace_object) {
  std::string name = namespace_object["metadata"].value("name", "");
  namespace_object["metadata"]["labels"]["kubernetes.io/metadata.name"] = name;
  json& spec = namespace_object["spec"];
  if (!spec.is_object()) {
    spec = json::object();
  }
  set_default(spec, "finalizers", json::array({"kubernetes"}));
  namespace_object["status"] = {{"phase", "Active"}};
}

void apply_service_defaults(json& service, std::uint32_t ip_offset) {
  // pkg/apis/core/v1/defaults.go SetDefaults_Service and the ClusterIP allocator.
  json& spec = service["spec"];
  if (!spec.is_object()) {
    spec = json::object();
  }
  set_default(spec, "type", "ClusterIP");
  std::string type = spec["type"].is_string() ? spec["type"].get<std::string>() : "";
  if (type == "ExternalName") {
    return;
  }
  set_default(spec, "sessionAffinity", "None");
  set_default(spec, "internalTrafficPolicy", "Cluster");
  if (spec.contains("ports") && spec["ports"].is_array()) {
    for (auto& port : spec["ports"]) {
      if (!port.is_object()) {
        continue;
      }
      set_default(port, "protocol", "TCP");
      set_default(port, "targetPort", port.value("port", json()));
    }
  }
  if (!spec.contains("clusterIP") || spec["clusterIP"].is_null() || spec["clusterIP"] == "") {
    std::uint32_t address = (10u << 24) | (96u << 16) | (ip_offset & 0xfffffu);
    spec["clusterIP"] = std::to_string(address >> 24) + "." +
                        std::to_string((address >> 16) & 255) + "." +
                        std::to_string((address >> 8) & 255) + "." + std::to_string(address & 255);
  }
  if (spec["clusterIP"] != "None") {
    set_default(spec, "clusterIPs", json::array({spec["clusterIP"]}));
    set_default(spec, "ipFamilies", json::array({"IPv4"}));
    set_default(spec, "ipFamilyPolicy", "SingleStack");
  }
  // The strategy drops whatever status the request carried.
  service["status"] = {{"loadBalancer", json::object()}};
}

json make_namespace(const std::string& name, const std::string& uid, TimePoint now) {
  return {{"apiVersion", "v1"},
          {"kind", "Namespace"},
          {"metadata",
           {{"name", name},
            {"uid", uid},
            {"creationTimestamp", format_time(now)},
            {"labels", {{"kubernetes.io/metadata.name", name}}}}},
          {"spec", {{"finalizers", json::array({"kubernetes"})}}},
          {"status", {{"phase", "Active"}}}};
}

}  // namespace kexit::kubesim
