#pragma once
// Turns a failed API request into an Error a person can act on: which permission an RBAC role
// lacks, which credentials were refused, whether waiting will help.

#include <string>

#include "base/error.h"
#include "kube/api_action.h"
#include "kube/api_status.h"

namespace kexit::kube {

// `server` is the API server URL; `attempts` how many times the request was sent.
Error explain_api_failure(const ApiStatus& status, const ApiAction& action,
                          const std::string& server, int attempts = 1);

}  // namespace kexit::kube
