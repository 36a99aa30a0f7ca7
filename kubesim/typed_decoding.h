#pragma once
// The type errors kube-apiserver's decoder finds before any validation runs: a resource
// quantity that does not parse, a probe field that is not an int32. kubesim stores JSON as
// given, so these are checked on the JSON, with the decoder's messages.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kubesim/api_error.h"
#include "kubesim/api_resource.h"

namespace kexit::kubesim {

// The decoder's error text for the first field of a wrong type, or nullopt.
std::optional<std::string> decoding_error(const ResourceType& type, const nlohmann::json& object);

// A create or update body that does not decode: 400 `Deployment in version "v1" cannot be
// handled as a Deployment: <error>`.
ApiError body_decoding_error(const ResourceType& type, const std::string& error);

// A patched object that does not decode: 422 ` "" is invalid: patch: Invalid value: "<patch>":
// <error>` (kube-apiserver's patch handler names neither kind nor object).
ApiError patch_decoding_error(const nlohmann::json& patch, const std::string& error);

}  // namespace kexit::kubesim
