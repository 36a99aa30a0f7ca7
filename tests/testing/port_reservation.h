#pragma once
// PortReservation: a loopback TCP port kept from other programs while no server listens on it,
// so a test can stop a server and start it again on the same address. The port is held by a
// socket bound with SO_REUSEPORT that never listens: a client connecting meanwhile is refused,
// as by a server that is gone; a program binding the port (by number, or port 0 and the kernel's
// choice) cannot have it; and a server of this user that binds it with SO_REUSEPORT, as
// cpp-httplib (kubesim) does, can.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace kexit::testing_support {

class PortReservation {
 public:
  PortReservation(const std::string& host, int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int yes = 1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (fd_ < 0 || ::setsockopt(fd_, SOL_SOCKET, SO_REUSEPORT, &yes, sizeof yes) != 0 ||
        ::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1 ||
        ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      release();
    }
  }
  ~PortReservation() { release(); }
  PortReservation(const PortReservation&) = delete;
  PortReservation& operator=(const PortReservation&) = delete;

  bool held() const { return fd_ >= 0; }
  // Once the server listens on the port again.
  void release() {
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }

 private:
  int fd_ = -1;
};

}  // namespace kexit::testing_support
