#pragma once
// Query strings for API requests: percent-encoding and `?a=1&b=2` in a fixed order.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kexit::kube {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Percent-encodes everything but RFC 3986's unreserved characters (so selectors such as
// "app in (a,b)" and continue tokens survive intact).
std::string percent_encode(std::string_view text);

// "?k1=v1&k2=v2" in the given order, or "" for no parameters.
std::string to_query_string(const QueryParams& params);

// The value of `key` in a "path?query" string, decoded; empty when absent.
std::string query_value(std::string_view target, std::string_view key);

}  // namespace kexit::kube
