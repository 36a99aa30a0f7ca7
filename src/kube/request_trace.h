#pragma once
// RequestTrace: the lines `-v` prints for one HTTP exchange, in the manner of kubectl's
// round-tripper log: at 6 the method, URL, status and latency; at 7 the request headers first;
// at 8 the response headers too. Credentials in headers are masked, never printed.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace kexit::kube {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct TracedExchange {
  std::string method;
  std::string url;
  HeaderList request_headers;
  // 0 when no answer came back.
  int status = 0;
  HeaderList response_headers;
  std::chrono::milliseconds latency{0};
};

// The levels at which each part is traced (kubectl's round_trippers levels).
constexpr int kTraceRequests = 6;
constexpr int kTraceRequestHeaders = 7;
constexpr int kTraceResponseHeaders = 8;

// What a header's value may show in a trace: Authorization keeps only its scheme
// ("Bearer <masked>"), as do the proxy's credentials; other headers as sent.
std::string traced_header_value(const std::string& name, const std::string& value);

// The reason phrase of an HTTP status as Go's http.StatusText gives it ("Not Found"), "" for one
// not listed.
std::string status_text(int status);

// The lines traced at `verbosity` for an exchange; none below kTraceRequests.
std::vector<std::string> trace_lines(const TracedExchange& exchange, int verbosity);

}  // namespace kexit::kube
