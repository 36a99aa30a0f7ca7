#pragma once
// ApiResponse: the API server's answer to one request, whatever its HTTP status, with what is
// needed to explain a failure.

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/expected.h"
#include "kube/api_action.h"
#include "kube/api_status.h"

namespace kexit::kube {

struct ApiResponse {
  int status = 0;
  std::string content_type;
  std::string body;
  // What the request asked for, for error messages.
  ApiAction action;
  // The API server URL.
  std::string server;
  int attempts = 1;

  bool ok() const { return status >= 200 && status < 300; }
  // The decoded Status of a failed answer.
  ApiStatus status_object() const { return decode_api_status(status, body); }
  // The body as JSON (a 2xx answer's object).
  Expected<nlohmann::json> json() const;
  // Why the request failed, in words a person can act on.
  Error error() const;
};

}  // namespace kexit::kube
