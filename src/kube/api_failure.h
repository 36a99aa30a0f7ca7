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

// What an Error explain_api_failure made is about, for a caller that answers some of them
// differently (an exit status). Read back from the message this file writes: Error carries
// no kind.
enum class ApiFailureKind { kOther, kNotFound, kBadRequest };
ApiFailureKind api_failure_kind(const Error& error);

// Whether a text quoting an explain_api_failure message (a log's note) says the API server
// refused the request (403).
bool mentions_forbidden(const std::string& text);

}  // namespace kexit::kube
