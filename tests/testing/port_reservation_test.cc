#include "testing/port_reservation.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace kexit::testing_support {
namespace {

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// A listening socket on `port` (0: the kernel's choice), with SO_REUSEPORT as cpp-httplib sets
// it or with SO_REUSEADDR as most other servers do; -errno when bind or listen fails.
int listen_on(int port, int option, int& fd) {
  fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, option, &yes, sizeof yes);
  sockaddr_in address = loopback(port);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 8) != 0) {
    return -errno;
  }
  socklen_t size = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  return ntohs(address.sin_port);
}

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address = loopback(port);
  int result =
      ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 ? 0 : errno;
  ::close(fd);
  return result;
}

// The server stops, the port is held, the server binds it again: clients are refused in
// between, another program cannot take the port, the server can.
TEST(PortReservation, KeepsThePortFromOthersAndGivesItBackToTheServer) {
  int server = -1;
  int port = listen_on(0, SO_REUSEPORT, server);
  ASSERT_GT(port, 0);
  PortReservation reservation("127.0.0.1", port);
  ASSERT_TRUE(reservation.held());
  ::close(server);
  EXPECT_EQ(connect_to(port), ECONNREFUSED);

  int other = -1;
  EXPECT_EQ(listen_on(port, SO_REUSEADDR, other), -EADDRINUSE);
  ::close(other);
  // Programs asking for any free port are never given this one.
  for (int i = 0; i < 200; ++i) {
    int any = -1;
    EXPECT_NE(listen_on(0, SO_REUSEPORT, any), port);
    ::close(any);
  }

  int restarted = -1;
  EXPECT_EQ(listen_on(port, SO_REUSEPORT, restarted), port);
  reservation.release();
  EXPECT_EQ(connect_to(port), 0);
  ::close(restarted);
}

TEST(PortReservation, SaysWhenThePortIsTaken) {
  int server = -1;
  int port = listen_on(0, SO_REUSEADDR, server);
  ASSERT_GT(port, 0);
  PortReservation reservation("127.0.0.1", port);
  EXPECT_FALSE(reservation.held());
  ::close(server);
}

}  // namespace
}  // namespace kexit::testing_support
