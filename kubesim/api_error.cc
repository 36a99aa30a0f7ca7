#include "kubesim/api_error.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

json resource_details(const GroupResource& resource, const std::string& name) {
  json details = json::object();
  if (!name.empty()) {
    details["name"] = name;
  }
  if (!resource.group.empty()) {
    details["group"] = resource.group;
  }
  details["kind"] = resource.resource;
  return details;
}

std::string quote(const std::string& text) { return json(text).dump(); }

}  // namespace

json ApiError::to_status() const {
  // Keys in the order Go's encoder writes them; nlohmann sorts them anyway.
  json status = {{"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", json::object()},
                 {"status", "Failure"}, {"message", message}, {"reason", reason},
                 {"code", code}};
  if (reason.empty()) {
    status.erase("reason");
  }
  json full_details = details;
  if (retry_after_seconds > 0) {
    if (!full_details.is_object()) {
      full_details = json::object();
    }
    full_details["retryAfterSeconds"] = retry_after_seconds;
  }
  if (full_details.is_object()) {
    status["details"] = full_details;
  }
  return status;
}

ApiError not_found(const GroupResource& resource, const std::string& name) {
  return {404, "NotFound", resource.to_string() + " " + quote(name) + " not found",
          resource_details(resource, name)};
}

ApiError already_exists(const GroupResource& resource, const std::string& name) {
  return {409, "AlreadyExists", resource.to_string() + " " + quote(name) + " already exists",
          resource_details(resource, name)};
}

ApiError conflict(const GroupResource& resource, const std::string& name,
                  const std::string& detail) {
  return {409, "Conflict",
          "Operation cannot be fulfilled on " + resource.to_string() + " " + quote(name) + ": " +
              detail,
          resource_details(resource, name)};
}

ApiError modified_conflict(const GroupResource& resource, const std::string& name) {
  return conflict(resource, name,
                  "the object has been modified; please apply your changes to the latest version "
                  "and try again");
}

ApiError bad_request(const std::string& message) { return {400, "BadRequest", message, nullptr}; }

ApiError invalid(const std::string& kind, const GroupResource& resource, const std::string& name,
                 const std::string& field, const std::string& detail) {
  json details = resource_details(resource, name);
  details["kind"] = kind;
  details["causes"] = json::array({{{"reason", "FieldValueInvalid"},
                                    {"message", field.empty() ? detail : field + ": " + detail},
                                    {"field", field}}});
  std::string message =
      kind + " " + quote(name) + " is invalid: " + (field.empty() ? detail : field + ": " + detail);
  return {422, "Invalid", message, details};
}

ApiError invalid_fields(const std::string& kind, const GroupResource& resource,
                        const std::string& name, const std::vector<FieldError>& errors) {
  json details = resource_details(resource, name);
  details["kind"] = kind;
  details["causes"] = json::array();
  std::string joined;
  for (const FieldError& error : errors) {
    details["causes"].push_back(
        {{"reason", "FieldValueInvalid"}, {"message", error.body()}, {"field", error.field}});
    joined += (joined.empty() ? "" : ", ") + error.field + ": " + error.body();
  }
  if (errors.size() > 1) {
    joined = "[" + joined + "]";
  }
  return {422, "Invalid", kind + " " + quote(name) + " is invalid: " + joined, details};
}

ApiError unauthorized() { return {401, "Unauthorized", "Unauthorized", nullptr}; }

ApiError forbidden(const GroupResource& resource, const std::string& name,
                   const std::string& reason_message) {
  std::string message;
  if (resource.resource.empty()) {
    message = "forbidden: " + reason_message;
  } else if (name.empty()) {
    message = resource.to_string() + " is forbidden: " + reason_message;
  } else {
    message = resource.to_string() + " " + quote(name) + " is forbidden: " + reason_message;
  }
  json details = resource.resource.empty() ? json::object() : resource_details(resource, name);
  return {403, "Forbidden", message, details};
}

ApiError expired(const std::string& message) { return {410, "Expired", message, json::object()}; }

ApiError gone(const std::string& message) { return {410, "Gone", message, json::object()}; }

ApiError method_not_allowed(const std::string& method, const GroupResource& resource) {
  return {405, "MethodNotAllowed",
          method + " is not supported on resources of kind \"" + resource.to_string() + "\"",
          resource_details(resource, "")};
}

ApiError unsupported_media_type(const std::string& accepted) {
  return {415, "UnsupportedMediaType",
          "the body of the request was in an unknown format - accepted media types include: " +
              accepted,
          json::object()};
}

ApiError internal_error(const std::string& message) {
  return {500, "InternalError", "Internal error occurred: " + message,
          json{{"causes", json::array({{{"message", message}}})}}};
}

ApiError service_unavailable(const std::string& message) {
  return {503, "ServiceUnavailable", message, json::object()};
}

ApiError too_large_resource_version(unsigned long long requested, unsigned long long current) {
  ApiError error{504, "Timeout",
                 "Too large resource version: " + std::to_string(requested) +
                     ", current: " + std::to_string(current),
                 json{{"causes", json::array({{{"reason", "ResourceVersionTooLarge"},
                                               {"message", "Too large resource version"}}})}}};
  error.retry_after_seconds = 1;
  return error;
}

ApiError page_not_found() {
  return {404, "NotFound", "the server could not find the requested resource", json::object()};
}

}  // namespace kexit::kubesim
