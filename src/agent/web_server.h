#pragma once
// WebServer: serves the agent's read-only web page (web_page.h) on its own address, apart from
// the metrics port, with a Content-Security-Policy that lets it load nothing from elsewhere.

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "agent/web_termination.h"
#include "base/expected.h"

namespace httplib {
class Server;
}

namespace kexit::agent {

// The Content-Security-Policy of every answer: the page, its stylesheet and anything a
// hostile string might still smuggle in can load only from the page's own origin.
inline constexpr const char* kWebContentSecurityPolicy =
    "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

// Fills `terminations` with the agent's Events, read when a page is asked for; an error is
// shown on the page with what was read before it.
using WebTerminationSource = std::function<Status(WebTerminations& terminations)>;

class WebServer {
 public:
  explicit WebServer(WebTerminationSource source);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  // Listens on host:port in a background thread; port 0 picks a free port. Returns the port.
  Expected<int> start(const std::string& host, int port);
  void stop();

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

// Whether `host` is a loopback address (127.0.0.0/8, ::1, localhost): the page is served
// without authentication only there.
bool is_loopback_host(const std::string& host);

// The host part of an HTTP Host header: "localhost:8081" -> "localhost", "[::1]:8081" ->
// "[::1]"; the whole value when it has no port.
std::string host_name(const std::string& host_header);

}  // namespace kexit::agent
