#include "kube/request_trace.h"

#include <strings.h>

#include <map>

namespace kexit::kube {
namespace {

bool named(const std::string& name, const char* expected) {
  return strcasecmp(name.c_str(), expected) == 0;
}

void add_headers(std::vector<std::string>& lines, const char* title, const HeaderList& headers) {
  lines.emplace_back(title);
  for (const auto& [name, value] : headers) {
    lines.push_back("    " + name + ": " + traced_header_value(name, value));
  }
}

}  // namespace

std::string status_text(int status) {
  static const std::map<int, std::string> kTexts = {
      {200, "OK"},
      {201, "Created"},
      {202, "Accepted"},
      {204, "No Content"},
      {304, "Not Modified"},
      {400, "Bad Request"},
      {401, "Unauthorized"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {406, "Not Acceptable"},
      {409, "Conflict"},
      {410, "Gone"},
      {415, "Unsupported Media Type"},
      {422, "Unprocessable Entity"},
      {429, "Too Many Requests"},
      {500, "Internal Server Error"},
      {502, "Bad Gateway"},
      {503, "Service Unavailable"},
      {504, "Gateway Timeout"},
  };
  auto found = kTexts.find(status);
  return found == kTexts.end() ? "" : found->second;
}

std::string traced_header_value(const std::string& name, const std::string& value) {
  if (!named(name, "Authorization") && !named(name, "Proxy-Authorization")) {
    return value;
  }
  std::size_t space = value.find(' ');
  return space == std::string::npos ? "<masked>" : value.substr(0, space) + " <masked>";
}

std::vector<std::string> trace_lines(const TracedExchange& exchange, int verbosity) {
  std::vector<std::string> lines;
  if (verbosity < kTraceRequests) {
    return lines;
  }
  const std::string request_line = exchange.method + " " + exchange.url;
  if (verbosity >= kTraceRequestHeaders) {
    lines.push_back(request_line);
    add_headers(lines, "Request Headers:", exchange.request_headers);
  }
  std::string status = exchange.status == 0
                           ? ""
                           : std::to_string(exchange.status) + " " + status_text(exchange.status);
  lines.push_back(request_line + " " + status + " in " + std::to_string(exchange.latency.count()) +
                  " milliseconds");
  if (verbosity >= kTraceResponseHeaders && exchange.status != 0) {
    add_headers(lines, "Response Headers:", exchange.response_headers);
  }
  return lines;
}

}  // namespace kexit::kube
