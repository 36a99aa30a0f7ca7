#include "agent/web_server.h"

#include <httplib.h>

#include <chrono>

#include "agent/web_page.h"
#include "base/text.h"

namespace kexit::agent {

WebServer::WebServer(WebTerminationSource source) : server_(std::make_unique<httplib::Server>()) {
  server_->new_task_queue = [] { return new httplib::ThreadPool(2); };
  // DNS rebinding: a page of another site whose name now resolves to 127.0.0.1 reaches this
  // server through the user's port-forward with its own name in Host; only a loopback name is
  // served (kubectl port-forward itself sends "localhost:PORT" or "127.0.0.1:PORT").
  server_->set_pre_routing_handler(
      [](const httplib::Request& request, httplib::Response& response) {
        if (is_loopback_host(host_name(request.get_header_value("Host")))) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        response.status = 403;
        response.set_content(
            "kexit: this page answers only to a loopback Host (localhost, 127.0.0.1)\n",
            "text/plain; charset=utf-8");
        return httplib::Server::HandlerResponse::Handled;
      });
  server_->set_default_headers({{"Content-Security-Policy", kWebContentSecurityPolicy},
                                {"X-Content-Type-Options", "nosniff"},
                                {"Referrer-Policy", "no-referrer"},
                                {"Cache-Control", "no-store"}});
  server_->Get("/", [source](const httplib::Request& request, httplib::Response& response) {
    WebTerminations terminations;
    auto read = source(terminations);
    WebQuery query{request.get_param_value("namespace"), request.get_param_value("cause")};
    const std::string problem =
        read.ok() ? std::string()
                  : "cannot read the agent's Events; the list may be incomplete: " +
                        read.error().to_string();
    response.set_content(render_web_page(terminations.newest_first(), query, problem),
                         "text/html; charset=utf-8");
  });
  server_->Get("/kexit.css", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(std::string(web_page_stylesheet()), "text/css; charset=utf-8");
  });
}

WebServer::~WebServer() { stop(); }

Expected<int> WebServer::start(const std::string& host, int port) {
  int bound = port == 0 ? server_->bind_to_any_port(host) : port;
  if (port != 0 && !server_->bind_to_port(host, port)) {
    bound = -1;
  }
  if (bound < 0) {
    return Error{"cannot listen on " + host + ":" + std::to_string(port) +
                 "; choose another --web-listen address"};
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() is a no-op until the accept loop runs, so wait for it (bounded) before returning.
  for (int i = 0; i < 500 && !server_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return bound;
}

void WebServer::stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

std::string host_name(const std::string& host_header) {
  if (starts_with(host_header, "[")) {
    std::size_t close = host_header.find(']');
    return close == std::string::npos ? host_header : host_header.substr(0, close + 1);
  }
  return host_header.substr(0, host_header.find(':'));
}

bool is_loopback_host(const std::string& host) {
  // 127.x.y.z as digits and dots only: "127.example.com" is a name that may resolve elsewhere.
  return host == "localhost" || host == "::1" || host == "[::1]" ||
         (starts_with(host, "127.") && host.find_first_not_of("0123456789.") == std::string::npos);
}

}  // namespace kexit::agent
