#pragma once
// ListOptions: the query parameters of list and watch requests (selectors, limit/continue,
// resourceVersion[Match], watch, allowWatchBookmarks, sendInitialEvents, timeoutSeconds),
// validated as the apiserver does, and kubesim's opaque continue tokens.

#include <cstdint>
#include <optional>
#include <string>

#include "kubesim/api_error.h"
#include "kubesim/api_resource.h"
#include "kubesim/field_selector.h"
#include "kubesim/http_exchange.h"
#include "kubesim/label_selector.h"

namespace kexit::kubesim {

struct ListOptions {
  LabelSelector labels;
  FieldSelector fields;  // already converted to stored field names
  bool has_labels = false;
  bool has_fields = false;
  std::size_t limit = 0;
  std::string continue_token;
  std::string resource_version;  // as sent; "" when absent
  std::string resource_version_match;
  bool watch = false;
  bool allow_bookmarks = false;
  bool send_initial_events = false;
  std::optional<long long> timeout_seconds;
};

ApiResult<ListOptions> parse_list_options(const HttpRequest& request, const ResourceType& type);

struct ContinueToken {
  std::uint64_t resource_version = 0;
  std::string start_after;  // the last key returned
};

std::string encode_continue(const ContinueToken& token);
std::optional<ContinueToken> decode_continue(const std::string& text);

// Go's strconv.ParseBool.
std::optional<bool> parse_bool(const std::string& text);

}  // namespace kexit::kubesim
