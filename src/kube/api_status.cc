#include "kube/api_status.h"

#include "base/structured_text.h"
#include "base/text.h"

namespace kexit::kube {
namespace {

constexpr std::size_t kMaxMessageBytes = 1024;

std::string string_at(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string standard_reason(int http_status) {
  switch (http_status) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 405:
      return "MethodNotAllowed";
    case 406:
      return "NotAcceptable";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "RequestEntityTooLarge";
    case 415:
      return "UnsupportedMediaType";
    case 422:
      return "Invalid";
    case 429:
      return "TooManyRequests";
    case 500:
      return "InternalError";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "Timeout";
    default:
      return "";
  }
}

ApiStatus decode_status_object(const nlohmann::json& status, int http_status) {
  ApiStatus decoded;
  decoded.code = http_status;
  if (!status.is_object()) {
    decoded.reason = standard_reason(decoded.code);
    return decoded;
  }
  auto code = status.find("code");
  if (code != status.end() && code->is_number_integer() && code->get<int>() > 0) {
    decoded.code = code->get<int>();
  }
  decoded.reason = string_at(status, "reason");
  decoded.message = truncate_utf8(string_at(status, "message"), kMaxMessageBytes);
  auto details = status.find("details");
  if (details != status.end() && details->is_object()) {
    decoded.details_name = string_at(*details, "name");
    decoded.details_group = string_at(*details, "group");
    decoded.details_kind = string_at(*details, "kind");
    auto retry = details->find("retryAfterSeconds");
    if (retry != details->end() && retry->is_number_integer() && retry->get<int>() > 0) {
      decoded.retry_after_seconds = retry->get<int>();
    }
  }
  auto metadata = status.find("metadata");
  if (metadata != status.end() && metadata->is_object()) {
    decoded.continue_token = string_at(*metadata, "continue");
  }
  if (decoded.reason.empty()) {
    decoded.reason = standard_reason(decoded.code);
  }
  return decoded;
}

ApiStatus decode_api_status(int http_status, std::string_view body) {
  std::string_view text = trim(body);
  if (!text.empty() && text.front() == '{') {
    auto parsed = parse_json(text, "response");
    if (parsed && parsed->is_object() && parsed->value("kind", "") == "Status") {
      return decode_status_object(*parsed, http_status);
    }
  }
  ApiStatus decoded;
  decoded.code = http_status;
  decoded.reason = standard_reason(http_status);
  decoded.message = truncate_utf8(text, kMaxMessageBytes);
  return decoded;
}

bool is_expired(const ApiStatus& status) {
  return status.code == 410 || status.reason == "Expired" || status.reason == "Gone";
}

}  // namespace kexit::kube
