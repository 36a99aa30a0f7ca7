#pragma once
// ServerAddress: the API server URL of a kubeconfig cluster, split for the HTTP client.

#include <string>
#include <string_view>

#include "base/expected.h"

namespace kexit::kube {

struct ServerAddress {
  // "https" or "http".
  std::string scheme;
  // Without brackets for IPv6 ("::1").
  std::string host;
  int port = 443;
  // Path the API lives under, without a trailing slash ("" or "/k8s/clusters/c-1").
  std::string path_prefix;

  bool is_tls() const { return scheme == "https"; }
  // "host:port" with brackets for IPv6, as the Host header carries it.
  std::string host_and_port() const;
  // "https://host:port/prefix".
  std::string url() const;
};

// Parses "https://host[:port][/prefix]"; a bare "host:port" means https, as in kubectl.
Expected<ServerAddress> parse_server_address(std::string_view url);

// True when `host` is an IPv4 or IPv6 literal.
bool is_ip_literal(const std::string& host);

}  // namespace kexit::kube
