#include "kubesim/openapi_documents.h"

#include "kubesim/api_resource.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

std::string path_of(const ResourceType& type) {
  return type.group.empty() ? "api/" + type.version : "apis/" + type.group + "/" + type.version;
}

}  // namespace

json openapi_v3_root() {
  json paths = json::object();
  for (const auto& type : served_resources()) {
    std::string path = path_of(type);
    // The hash only has to change when the document does; kubesim's never changes.
    paths[path] = {{"serverRelativeURL", "/openapi/v3/" + path + "?hash=KUBESIM0001"}};
  }
  return {{"paths", paths}};
}

json openapi_v3_document(const std::string& path, const std::string& git_version) {
  json paths = json::object();
  for (const auto& type : served_resources()) {
    if (path_of(type) != path) {
      continue;
    }
    std::string url = "/" + path + "/" + (type.namespaced ? "namespaces/{namespace}/" : "") +
                      type.resource + "/{name}";
    json parameters = json::array();
    for (const char* name : {"dryRun", "fieldManager", "fieldValidation", "force"}) {
      parameters.push_back({{"name", name},
                            {"in", "query"},
                            {"description", std::string(name) + " query parameter"},
                            {"schema", {{"type", "string"}, {"uniqueItems", true}}}});
    }
    paths[url] = {{"patch",
                   {{"operationId", "patch" + type.kind},
                    {"parameters", parameters},
                    {"responses", {{"200", {{"description", "OK"}}}}},
                    {"x-kubernetes-action", "patch"},
                    {"x-kubernetes-group-version-kind",
                     {{"group", type.group}, {"version", type.version}, {"kind", type.kind}}}}}};
  }
  if (paths.empty()) {
    return nullptr;
  }
  return {{"openapi", "3.0.0"},
          {"info", {{"title", "Kubernetes"}, {"version", git_version}}},
          {"paths", paths},
          {"components", {{"schemas", json::object()}}}};
}

}  // namespace kexit::kubesim
