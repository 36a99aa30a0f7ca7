#include "kube/server_address.h"

#include <arpa/inet.h>

#include "base/text.h"

namespace kexit::kube {

std::string ServerAddress::host_and_port() const {
  std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return shown + ":" + std::to_string(port);
}

std::string ServerAddress::url() const { return scheme + "://" + host_and_port() + path_prefix; }

bool is_ip_literal(const std::string& host) {
  unsigned char buffer[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

Expected<ServerAddress> parse_server_address(std::string_view url) {
  const std::string shown(url);
  auto fail = [&](const std::string& why) {
    return Error{"invalid server URL \"" + shown + "\": " + why +
                 "; expected https://HOST[:PORT] in the cluster's server field"};
  };
  ServerAddress address;
  std::string_view rest = trim(url);
  auto scheme_end = rest.find("://");
  if (scheme_end == std::string_view::npos) {
    address.scheme = "https";
  } else {
    address.scheme = to_lower(rest.substr(0, scheme_end));
    rest = rest.substr(scheme_end + 3);
  }
  if (address.scheme != "https" && address.scheme != "http") {
    return fail("unsupported scheme \"" + address.scheme + "\"");
  }
  address.port = address.scheme == "https" ? 443 : 80;
  auto path_start = rest.find('/');
  std::string_view authority = rest.substr(0, path_start);
  if (path_start != std::string_view::npos) {
    std::string_view path = rest.substr(path_start);
    while (!path.empty() && path.back() == '/') {
      path.remove_suffix(1);
    }
    address.path_prefix = std::string(path);
  }
  if (authority.find('@') != std::string_view::npos) {
    return fail("credentials in the URL are not supported");
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return fail("unclosed '['");
    }
    address.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        return fail("unexpected text after ']'");
      }
      port_text = after.substr(1);
    }
  } else {
    auto colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      address.host = std::string(authority.substr(0, colon));
      port_text = authority.substr(colon + 1);
    } else {
      address.host = std::string(authority);
    }
  }
  if (address.host.empty()) {
    return fail("no host");
  }
  if (!port_text.empty()) {
    long long port = 0;
    if (!parse_int(port_text, port) || port <= 0 || port > 65535) {
      return fail("bad port \"" + std::string(port_text) + "\"");
    }
    address.port = static_cast<int>(port);
  }
  return address;
}

}  // namespace kexit::kube
