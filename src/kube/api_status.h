#pragma once
// ApiStatus: a metav1.Status as the API server sends it with a failed request or inside a watch
// ERROR event, decoded tolerantly (priority-and-fairness answers 429 in plain text).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace kexit::kube {

struct ApiStatus {
  // The HTTP status: the body's `code`, else the response's.
  int code = 0;
  // StatusReason ("NotFound", "Expired", ...); the standard one for `code` when the body has none.
  std::string reason;
  // Status.message, or the plain-text body (trimmed and bounded).
  std::string message;
  std::string details_name;
  std::string details_group;
  // details.kind: the plural resource ("pods").
  std::string details_kind;
  std::optional<int> retry_after_seconds;
  // metadata.continue of a 410 on a paged list (an inconsistent continuation).
  std::string continue_token;
};

// Decodes a failed response's body: a Status object, any other JSON, plain text, or nothing.
ApiStatus decode_api_status(int http_status, std::string_view body);

// Decodes a Status object (an ERROR watch event's object).
ApiStatus decode_status_object(const nlohmann::json& status, int http_status);

// 410 Gone / Expired: the resourceVersion or continue token is too old; relist.
bool is_expired(const ApiStatus& status);

// The StatusReason Kubernetes uses for an HTTP code ("TooManyRequests" for 429), or "".
std::string standard_reason(int http_status);

}  // namespace kexit::kube
