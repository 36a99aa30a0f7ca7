#include "kubesim/openapi_documents.h"

#include <cstdint>

#include "kubesim/api_resource.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

std::string path_of(const ResourceType& type) {
  return type.group.empty() ? "api/" + type.version : "apis/" + type.group + "/" + type.version;
}

std::string url_of(const ResourceType& type) {
  return "/" + path_of(type) + "/" + (type.namespaced ? "namespaces/{namespace}/" : "") +
         type.resource + "/{name}";
}

// Protocol buffer wire format, just the two kinds of field the document needs.
void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

void put_bytes(std::string& out, int field, const std::string& bytes) {
  put_varint(out, (static_cast<std::uint64_t>(field) << 3) | 2);
  put_varint(out, bytes.size());
  out += bytes;
}

std::string query_parameter(const std::string& name) {
  // QueryParameterSubSchema{in=2, name=4, type=6} in NonBodyParameter{3} in Parameter{2} in
  // ParametersItem{1}.
  std::string sub_schema;
  put_bytes(sub_schema, 2, "query");
  put_bytes(sub_schema, 4, name);
  put_bytes(sub_schema, 6, "string");
  std::string non_body;
  put_bytes(non_body, 3, sub_schema);
  std::string parameter;
  put_bytes(parameter, 2, non_body);
  std::string item;
  put_bytes(item, 1, parameter);
  return item;
}

std::string patch_operation(const ResourceType& type) {
  std::string operation;
  put_bytes(operation, 5, "patch" + type.kind);  // operation_id
  for (const char* name : {"dryRun", "fieldManager", "fieldValidation", "force"}) {
    put_bytes(operation, 8, query_parameter(name));  // parameters
  }
  // vendor_extension: NamedAny{name=1, value=Any{yaml=2}}.
  std::string any;
  put_bytes(
      any, 2,
      "group: \"" + type.group + "\"\nkind: " + type.kind + "\nversion: " + type.version + "\n");
  std::string named;
  put_bytes(named, 1, "x-kubernetes-group-version-kind");
  put_bytes(named, 2, any);
  put_bytes(operation, 13, named);
  return operation;
}

}  // namespace

json openapi_v2_document(const std::string& git_version) {
  json paths = json::object();
  for (const auto& type : served_resources()) {
    json parameters = json::array();
    for (const char* name : {"dryRun", "fieldManager", "fieldValidation", "force"}) {
      parameters.push_back({{"name", name}, {"in", "query"}, {"type", "string"}});
    }
    paths[url_of(type)] = {
        {"patch",
         {{"operationId", "patch" + type.kind},
          {"parameters", parameters},
          {"x-kubernetes-group-version-kind",
           {{"group", type.group}, {"version", type.version}, {"kind", type.kind}}}}}};
  }
  return {{"swagger", "2.0"},
          {"info", {{"title", "Kubernetes"}, {"version", git_version}}},
          {"paths", paths}};
}

std::string openapi_v2_protobuf(const std::string& git_version) {
  std::string info;
  put_bytes(info, 1, "Kubernetes");
  put_bytes(info, 2, git_version);
  std::string paths;
  for (const auto& type : served_resources()) {
    std::string path_item;
    put_bytes(path_item, 8, patch_operation(type));  // patch
    std::string named;
    put_bytes(named, 1, url_of(type));
    put_bytes(named, 2, path_item);
    put_bytes(paths, 2, named);  // Paths.path
  }
  std::string document;
  put_bytes(document, 1, "2.0");
  put_bytes(document, 2, info);
  put_bytes(document, 8, paths);
  return document;
}

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
    std::string url = url_of(type);
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
