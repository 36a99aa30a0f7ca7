#pragma once
// Request bodies in Kubernetes' protobuf encoding (application/vnd.kubernetes.protobuf), which
// typed clients such as `kubectl create token` send. kubesim has no generated schemas, so it
// decodes the envelope and only the messages it serves from typed clients: TokenRequest.

#include <nlohmann/json.hpp>
#include <string_view>

#include "base/expected.h"

namespace kexit::kubesim {

// The "k8s\0" magic and runtime.Unknown envelope around a TokenRequest, as JSON
// ({apiVersion, kind, spec: {audiences, expirationSeconds}}); metadata and boundObjectRef are
// not read.
Expected<nlohmann::json> decode_token_request(std::string_view body);

}  // namespace kexit::kubesim
