#include "kubesim/peer_socket.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstdlib>
#include <cstring>

namespace kexit::kubesim {
namespace {

bool address_of(const sockaddr_storage& address, std::string& host, int& port) {
  char buffer[INET6_ADDRSTRLEN] = {0};
  if (address.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&address);
    inet_ntop(AF_INET, &in->sin_addr, buffer, sizeof buffer);
    port = ntohs(in->sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);
    inet_ntop(AF_INET6, &in6->sin6_addr, buffer, sizeof buffer);
    port = ntohs(in6->sin6_port);
  } else {
    return false;
  }
  host = buffer;
  return true;
}

}  // namespace

int find_peer_socket(const std::string& remote_address, int remote_port, int local_port) {
  DIR* directory = opendir("/proc/self/fd");
  if (directory == nullptr) {
    return -1;
  }
  int found = -1;
  while (dirent* entry = readdir(directory)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0') {
      continue;
    }
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    if (getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&peer), &length) != 0) {
      continue;
    }
    std::string host;
    int port = 0;
    if (!address_of(peer, host, port) || port != remote_port || host != remote_address) {
      continue;
    }
    sockaddr_storage local{};
    length = sizeof local;
    if (getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&local), &length) != 0) {
      continue;
    }
    std::string local_host;
    int local_port_found = 0;
    if (address_of(local, local_host, local_port_found) && local_port_found == local_port) {
      found = static_cast<int>(fd);
      break;
    }
  }
  closedir(directory);
  return found;
}

bool peer_connected(int socket) {
  if (socket < 0) {
    return true;
  }
  pollfd descriptor{socket, static_cast<short>(POLLRDHUP), 0};
  if (poll(&descriptor, 1, 0) <= 0) {
    return true;
  }
  return (descriptor.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) == 0;
}

}  // namespace kexit::kubesim
