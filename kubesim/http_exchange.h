#pragma once
// HttpRequest and HttpResponse: one API call with the transport stripped off, so request
// handling runs (and is tested) the same over TLS, plain HTTP or a direct function call.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kubesim/access_policy.h"

namespace kexit::kubesim {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded, without the query
  std::multimap<std::string, std::string> query;
  // Header names lower-case.
  std::map<std::string, std::string> headers;
  // Every value of a header sent more than once (Impersonate-Group), names lower-case; `headers`
  // keeps one value of each.
  std::multimap<std::string, std::string> repeated_headers;
  std::string body;
  // The verified client certificate's user (CN, O as groups), when the client sent one.
  std::optional<User> certificate_user;

  bool has_query(const std::string& name) const { return query.count(name) != 0; }
  std::string query_value(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
  std::string header(const std::string& lower_case_name) const {
    auto it = headers.find(lower_case_name);
    return it == headers.end() ? std::string() : it->second;
  }
  // All the values of a header, in the order sent.
  std::vector<std::string> header_values(const std::string& lower_case_name) const {
    std::vector<std::string> values;
    auto [first, last] = repeated_headers.equal_range(lower_case_name);
    for (auto it = first; it != last; ++it) {
      values.push_back(it->second);
    }
    if (values.empty() && headers.count(lower_case_name) != 0) {
      values.push_back(headers.at(lower_case_name));
    }
    return values;
  }
};

enum class StreamStep { Continue, Done, Abort };

// A body written piece by piece (watches): each call writes what is ready, waiting briefly when
// nothing is; Done ends the body cleanly, Abort drops the connection mid-body.
class ResponseStream {
 public:
  using Writer = std::function<bool(std::string_view bytes)>;
  virtual ~ResponseStream() = default;
  virtual StreamStep next(const Writer& write) = 0;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is streamed (chunked) from here instead of `body`.
  std::shared_ptr<ResponseStream> stream;
};

}  // namespace kexit::kubesim
