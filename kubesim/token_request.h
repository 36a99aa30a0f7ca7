#pragma once
// TokenRequest: `POST .../serviceaccounts/NAME/token` (what `kubectl create token` calls) mints
// a bearer token for the ServiceAccount and registers it, so a test authenticates exactly as a
// pod running under that ServiceAccount does.

#include <nlohmann/json.hpp>
#include <string>

#include "kubesim/access_policy.h"
#include "kubesim/api_error.h"
#include "kubesim/cluster.h"

namespace kexit::kubesim {

// The user a ServiceAccount's token authenticates as: system:serviceaccount:NS:NAME, in the
// groups system:serviceaccounts, system:serviceaccounts:NS and system:authenticated.
User service_account_user(const std::string& namespace_name, const std::string& name);

// Answers the TokenRequest `request` (spec.expirationSeconds, spec.audiences) for the
// ServiceAccount, which must exist. The token does not expire inside kubesim.
ApiResult<nlohmann::json> request_token(Cluster& cluster, const std::string& namespace_name,
                                        const std::string& service_account,
                                        const nlohmann::json& request, WriteMode mode);

}  // namespace kexit::kubesim
