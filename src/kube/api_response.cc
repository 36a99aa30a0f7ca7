#include "kube/api_response.h"

#include "base/structured_text.h"
#include "kube/api_failure.h"

namespace kexit::kube {

Expected<nlohmann::json> ApiResponse::json() const {
  auto parsed = parse_json(body, action.describe());
  if (!parsed) {
    return Error{"the API server answered " + action.describe() +
                 " with something that is not JSON (" + parsed.error().to_string() +
                 "); is the server URL an API server?"};
  }
  return parsed;
}

Error ApiResponse::error() const {
  return explain_api_failure(status_object(), action, server, attempts);
}

}  // namespace kexit::kube
