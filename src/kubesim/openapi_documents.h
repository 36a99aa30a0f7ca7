#pragma once
// The smallest OpenAPI v3 kubectl needs: a root listing every group-version, and per
// group-version the PATCH operations tagged with their kind and a `fieldValidation` parameter,
// which tells kubectl (>= 1.27) the server validates fields itself so `kubectl create -f` needs
// no client-side schema.

#include <nlohmann/json.hpp>
#include <string>

namespace kexit::kubesim {

nlohmann::json openapi_v3_root();
// `path`: "api/v1" or "apis/<group>/<version>"; null when not served.
nlohmann::json openapi_v3_document(const std::string& path, const std::string& git_version);

}  // namespace kexit::kubesim
