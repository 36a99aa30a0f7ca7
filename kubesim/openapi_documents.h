#pragma once
// The smallest OpenAPI kubectl needs: per kind, the PATCH operation tagged with its
// group-version-kind and a `fieldValidation` query parameter, which tells kubectl the server
// validates fields itself, so `kubectl create -f` needs no client-side schema. kubectl >= 1.28
// reads OpenAPI v3 (JSON); 1.27 reads v2 as gnostic protobuf.

#include <nlohmann/json.hpp>
#include <string>

namespace kexit::kubesim {

nlohmann::json openapi_v3_root();
// `path`: "api/v1" or "apis/<group>/<version>"; null when not served.
nlohmann::json openapi_v3_document(const std::string& path, const std::string& git_version);
// The v2 document for every served kind, as JSON and as the openapi.v2.Document protobuf
// (google/gnostic OpenAPIv2.proto) kubectl asks for.
nlohmann::json openapi_v2_document(const std::string& git_version);
std::string openapi_v2_protobuf(const std::string& git_version);

}  // namespace kexit::kubesim
