#pragma once
// ApiError: a failed API request as the real server reports it (metav1.Status), and
// ApiResult<T>, a T or such an error.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/expected.h"

namespace kexit::kubesim {

// A resource in messages: "pods", "leases.coordination.k8s.io".
struct GroupResource {
  std::string group;
  std::string resource;
  std::string to_string() const { return group.empty() ? resource : resource + "." + group; }
};

struct ApiError {
  int code = 500;
  std::string reason;
  std::string message;
  // metav1.StatusDetails, or null to leave it out (as NewBadRequest does).
  nlohmann::json details;
  // Sends Retry-After and details.retryAfterSeconds when positive.
  int retry_after_seconds = 0;

  // The metav1.Status body.
  nlohmann::json to_status() const;
};

// The messages and shapes of apimachinery's pkg/api/errors constructors.
ApiError not_found(const GroupResource& resource, const std::string& name);
ApiError already_exists(const GroupResource& resource, const std::string& name);
ApiError conflict(const GroupResource& resource, const std::string& name,
                  const std::string& detail);
// Optimistic-lock conflict: "the object has been modified; please apply your changes ...".
ApiError modified_conflict(const GroupResource& resource, const std::string& name);
ApiError bad_request(const std::string& message);
ApiError invalid(const std::string& kind, const GroupResource& resource, const std::string& name,
                 const std::string& field, const std::string& detail);
// One field.Error of kind Invalid: `value` is already formatted as Go's field package prints
// it (a quoted string, a bare number, or a type with its fields elided).
struct FieldError {
  std::string field;
  std::string value;
  std::string detail;
  std::string body() const { return "Invalid value: " + value + ": " + detail; }
};
// A 422 for several field errors, the message aggregated as apimachinery's ToAggregate does
// ("[a, b]" for more than one).
ApiError invalid_fields(const std::string& kind, const GroupResource& resource,
                        const std::string& name, const std::vector<FieldError>& errors);
ApiError unauthorized();
ApiError forbidden(const GroupResource& resource, const std::string& name,
                   const std::string& reason_message);
ApiError expired(const std::string& message);
ApiError gone(const std::string& message);
ApiError method_not_allowed(const std::string& method, const GroupResource& resource);
// `accepted`: "application/json-patch+json, application/merge-patch+json, ...".
ApiError unsupported_media_type(const std::string& accepted);
ApiError internal_error(const std::string& message);
ApiError service_unavailable(const std::string& message);
ApiError too_large_resource_version(unsigned long long requested, unsigned long long current);
ApiError page_not_found();

// A T, or the API error the request ends with.
template <typename T>
using ApiResult = Expected<T, ApiError>;

}  // namespace kexit::kubesim
