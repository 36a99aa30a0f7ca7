#include "kubesim/list_options.h"

#include <nlohmann/json.hpp>

#include "base/text.h"
#include "kubesim/base64.h"
#include "kubesim/selectable_fields.h"

namespace kexit::kubesim {
namespace {

ApiError invalid_list_options(const std::string& field, const std::string& detail) {
  return invalid("ListOptions", {"meta.k8s.io", "listoptions"}, "", field, detail);
}

}  // namespace

std::optional<bool> parse_bool(const std::string& text) {
  if (text == "1" || text == "t" || text == "T" || text == "true" || text == "TRUE" ||
      text == "True") {
    return true;
  }
  if (text == "0" || text == "f" || text == "F" || text == "false" || text == "FALSE" ||
      text == "False") {
    return false;
  }
  return std::nullopt;
}

namespace {

ApiResult<Done> read_selectors(const HttpRequest& request, const ResourceType& type,
                               ListOptions& options) {
  if (request.has_query("labelSelector")) {
    auto labels = LabelSelector::parse(request.query_value("labelSelector"));
    if (!labels) {
      return bad_request(labels.error().message);
    }
    options.labels = std::move(labels).value();
    options.has_labels = !options.labels.empty();
  }
  if (request.has_query("fieldSelector")) {
    auto fields = FieldSelector::parse(request.query_value("fieldSelector"));
    if (!fields) {
      return bad_request(fields.error().message);
    }
    KEXIT_ASSIGN(converted, convert_field_selector(type, *fields));
    options.fields = std::move(converted);
    options.has_fields = !options.fields.empty();
  }
  return Done{};
}

ApiResult<Done> read_flags_and_numbers(const HttpRequest& request, ListOptions& options) {
  for (const char* flag : {"watch", "allowWatchBookmarks", "sendInitialEvents"}) {
    if (!request.has_query(flag)) {
      continue;
    }
    auto value = parse_bool(request.query_value(flag));
    if (!value) {
      return bad_request("invalid boolean value for " + std::string(flag) + ": " +
                         request.query_value(flag));
    }
    std::string name = flag;
    (name == "watch"                 ? options.watch
     : name == "allowWatchBookmarks" ? options.allow_bookmarks
                                     : options.send_initial_events) = *value;
  }
  if (request.has_query("limit")) {
    long long limit = 0;
    if (!parse_int(request.query_value("limit"), limit)) {
      return bad_request("invalid limit: " + request.query_value("limit"));
    }
    options.limit = limit > 0 ? static_cast<std::size_t>(limit) : 0;
  }
  if (request.has_query("timeoutSeconds")) {
    long long seconds = 0;
    if (!parse_int(request.query_value("timeoutSeconds"), seconds)) {
      return bad_request("invalid timeoutSeconds: " + request.query_value("timeoutSeconds"));
    }
    options.timeout_seconds = seconds;
  }
  return Done{};
}

ApiResult<Done> validate_list_options(const ListOptions& options) {
  // apimachinery internalversion/validation ValidateListOptions.
  const std::string& match = options.resource_version_match;
  if (!match.empty()) {
    if (options.watch && !options.send_initial_events) {
      return invalid_list_options(
          "resourceVersionMatch",
          "Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is "
          "provided");
    }
    if (options.resource_version.empty()) {
      return invalid_list_options("resourceVersionMatch",
                                  "Forbidden: resourceVersionMatch is forbidden unless "
                                  "resourceVersion is provided");
    }
    if (!options.continue_token.empty()) {
      return invalid_list_options(
          "resourceVersionMatch",
          "Forbidden: resourceVersionMatch is forbidden when continue is provided");
    }
    if (match != "NotOlderThan" && match != "Exact") {
      return invalid_list_options("resourceVersionMatch",
                                  "Unsupported value: \"" + match +
                                      "\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
    }
    if (match == "Exact" && options.resource_version == "0") {
      return invalid_list_options(
          "resourceVersionMatch",
          "Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
    }
  }
  if (options.send_initial_events && !options.watch) {
    return invalid_list_options("sendInitialEvents",
                                "Forbidden: sendInitialEvents is forbidden for list");
  }
  if (options.send_initial_events && match != "NotOlderThan") {
    return invalid_list_options(
        "resourceVersionMatch",
        "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
  }
  if (!options.resource_version.empty()) {
    long long version = 0;
    if (!parse_int(options.resource_version, version) || version < 0) {
      return bad_request("invalid resource version: " + options.resource_version);
    }
  }
  return Done{};
}

}  // namespace

ApiResult<ListOptions> parse_list_options(const HttpRequest& request, const ResourceType& type) {
  ListOptions options;
  KEXIT_CHECK(read_selectors(request, type, options));
  KEXIT_CHECK(read_flags_and_numbers(request, options));
  options.continue_token = request.query_value("continue");
  options.resource_version = request.query_value("resourceVersion");
  options.resource_version_match = request.query_value("resourceVersionMatch");
  KEXIT_CHECK(validate_list_options(options));
  return options;
}

std::string encode_continue(const ContinueToken& token) {
  // Same shape as the apiserver's token (base64 of {"v","rv","start"}), still opaque to clients.
  nlohmann::json body = {{"v", "meta.k8s.io/v1"},
                         {"rv", token.resource_version},
                         {"start", token.start_after + std::string(1, '\0')}};
  return base64_encode(body.dump());
}

std::optional<ContinueToken> decode_continue(const std::string& text) {
  auto decoded = base64_decode(text);
  if (!decoded) {
    return std::nullopt;
  }
  nlohmann::json body = nlohmann::json::parse(*decoded, nullptr, false);
  if (!body.is_object() || !body.contains("rv") || !body["rv"].is_number_unsigned() ||
      !body.contains("start") || !body["start"].is_string()) {
    return std::nullopt;
  }
  ContinueToken token;
  token.resource_version = body["rv"].get<std::uint64_t>();
  token.start_after = body["start"].get<std::string>();
  if (!token.start_after.empty() && token.start_after.back() == '\0') {
    token.start_after.pop_back();
  }
  return token;
}

}  // namespace kexit::kubesim
