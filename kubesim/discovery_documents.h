#pragma once
// Discovery documents: /version, /api, /apis, /apis/<group>, the legacy APIResourceLists, and
// the aggregated APIGroupDiscoveryList (apidiscovery.k8s.io v2 and v2beta1).

#include <nlohmann/json.hpp>
#include <string>

namespace kexit::kubesim {

struct VersionInfo {
  std::string major = "1";
  std::string minor = "32";
  std::string git_version = "v1.32.4";
};

nlohmann::json version_document(const VersionInfo& version);
// /api; `server_address` is host:port for serverAddressByClientCIDRs.
nlohmann::json core_versions_document(const std::string& server_address);
nlohmann::json group_list_document();
// null when the group is not served.
nlohmann::json group_document(const std::string& group);
// /api/v1 or /apis/<group>/<version>; null when not served.
nlohmann::json resource_list_document(const std::string& group, const std::string& version);
// Aggregated discovery for /api (`core` true: the core group only) or /apis (the rest).
nlohmann::json aggregated_discovery_document(bool core, const std::string& version);

}  // namespace kexit::kubesim
