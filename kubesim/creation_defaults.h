#pragma once
// What the apiserver fills in when an object is created through the API: metadata (uid,
// creationTimestamp, generation), the Pod spec defaults kubectl shows in `-o yaml`, and the
// initial Pod status (a new Pod is Pending whatever status the request carried).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "kubesim/api_resource.h"
#include "kubesim/clock.h"

namespace kexit::kubesim {

void apply_creation_metadata(const ResourceType& type, nlohmann::json& object,
                             const std::string& uid, TimePoint now);
// Defaults of core/v1 Pod spec and containers; keeps every field the request set.
void apply_pod_defaults(nlohmann::json& pod);
// The Pod's QoS class from its containers' requests and limits.
std::string qos_class(const nlohmann::json& pod);
// Status of a freshly created Pod: Pending, BestEffort (the strategy drops the request's).
void reset_pod_status(nlohmann::json& pod);
// What the apiserver adds to a Namespace created through the API: the name label, the
// kubernetes finalizer and phase Active.
void apply_namespace_defaults(nlohmann::json& namespace_object);
// Service defaults (type ClusterIP, sessionAffinity, port protocol and targetPort, IP family)
// and a ClusterIP: 10.96.0.0/12 plus `ip_offset`, for ClusterIP and NodePort Services that ask
// for none (headless "None" and ExternalName get none).
void apply_service_defaults(nlohmann::json& service, std::uint32_t ip_offset);
// A Namespace object as the apiserver and namespace controller leave it.
nlohmann::json make_namespace(const std::string& name, const std::string& uid, TimePoint now);

}  // namespace kexit::kubesim
