#include "kubesim/discovery_documents.h"

#include <algorithm>
#include <vector>

#include "kubesim/api_resource.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

std::vector<std::string> groups_in_order() {
  std::vector<std::string> groups;
  for (const auto& type : served_resources()) {
    if (!type.group.empty() &&
        std::find(groups.begin(), groups.end(), type.group) == groups.end()) {
      groups.push_back(type.group);
    }
  }
  return groups;
}

json group_entry(const std::string& group) {
  json version = {{"groupVersion", group + "/v1"}, {"version", "v1"}};
  return {{"name", group}, {"versions", json::array({version})}, {"preferredVersion", version}};
}

json legacy_resource(const ResourceType& type) {
  json entry = {{"name", type.resource},
                {"singularName", type.singular},
                {"namespaced", type.namespaced},
                {"kind", type.kind},
                {"verbs", type.verbs}};
  if (!type.short_names.empty()) {
    entry["shortNames"] = type.short_names;
  }
  if (!type.categories.empty()) {
    entry["categories"] = type.categories;
  }
  return entry;
}

json aggregated_resource(const ResourceType& type) {
  json entry = {
      {"resource", type.resource},
      {"responseKind", {{"group", type.group}, {"version", type.version}, {"kind", type.kind}}},
      {"scope", type.namespaced ? "Namespaced" : "Cluster"},
      {"singularResource", type.singular},
      {"verbs", type.verbs}};
  if (!type.short_names.empty()) {
    entry["shortNames"] = type.short_names;
  }
  if (!type.categories.empty()) {
    entry["categories"] = type.categories;
  }
  if (!type.subresources.empty()) {
    json subresources = json::array();
    for (const auto& subresource : type.subresources) {
      bool foreign = !subresource.kind_group.empty();
      subresources.push_back({{"subresource", subresource.name},
                              {"responseKind",
                               {{"group", foreign ? subresource.kind_group : type.group},
                                {"version", foreign ? "v1" : type.version},
                                {"kind", subresource.kind}}},
                              {"verbs", subresource.verbs}});
    }
    entry["subresources"] = subresources;
  }
  return entry;
}

}  // namespace

json version_document(const VersionInfo& version) {
  return {{"major", version.major},
          {"minor", version.minor},
          {"gitVersion", version.git_version},
          {"gitCommit", "0000000000000000000000000000000000000000"},
          {"gitTreeState", "clean"},
          {"buildDate", "2025-04-22T16:00:00Z"},
          {"goVersion", "go1.23.6"},
          {"compiler", "gc"},
          {"platform", "linux/amd64"}};
}

json core_versions_document(const std::string& server_address) {
  return {{"kind", "APIVersions"},
          {"versions", json::array({"v1"})},
          {"serverAddressByClientCIDRs",
           json::array({{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", server_address}}})}};
}

json group_list_document() {
  json groups = json::array();
  for (const auto& group : groups_in_order()) {
    groups.push_back(group_entry(group));
  }
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

json group_document(const std::string& group) {
  for (const auto& name : groups_in_order()) {
    if (name == group) {
      json entry = group_entry(group);
      entry["kind"] = "APIGroup";
      entry["apiVersion"] = "v1";
      return entry;
    }
  }
  return nullptr;
}

json resource_list_document(const std::string& group, const std::string& version) {
  json resources = json::array();
  for (const auto& type : served_resources()) {
    if (type.group != group || type.version != version) {
      continue;
    }
    resources.push_back(legacy_resource(type));
    for (const auto& subresource : type.subresources) {
      json entry = {{"name", type.resource + "/" + subresource.name},
                    {"singularName", ""},
                    {"namespaced", type.namespaced},
                    {"kind", subresource.kind},
                    {"verbs", subresource.verbs}};
      if (!subresource.kind_group.empty()) {
        entry["group"] = subresource.kind_group;
        entry["version"] = "v1";
      }
      resources.push_back(entry);
    }
  }
  if (resources.empty()) {
    return nullptr;
  }
  json document = {{"kind", "APIResourceList"},
                   {"groupVersion", group.empty() ? version : group + "/" + version},
                   {"resources", resources}};
  if (!group.empty()) {
    document["apiVersion"] = "v1";
  }
  return document;
}

json aggregated_discovery_document(bool core, const std::string& version) {
  json items = json::array();
  std::vector<std::string> groups = core ? std::vector<std::string>{""} : groups_in_order();
  for (const auto& group : groups) {
    json resources = json::array();
    for (const auto& type : served_resources()) {
      if (type.group == group) {
        resources.push_back(aggregated_resource(type));
      }
    }
    json metadata = {{"creationTimestamp", nullptr}};
    if (!group.empty()) {
      metadata["name"] = group;
    }
    items.push_back(
        {{"metadata", metadata},
         {"versions",
          json::array({{{"version", "v1"}, {"resources", resources}, {"freshness", "Current"}}})}});
  }
  return {{"kind", "APIGroupDiscoveryList"},
          {"apiVersion", "apidiscovery.k8s.io/" + version},
          {"metadata", json::object()},
          {"items", items}};
}

}  // namespace kexit::kubesim
