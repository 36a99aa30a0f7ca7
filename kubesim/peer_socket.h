#pragma once
// Finding the socket behind a request and asking whether its client hung up, so an idle watch
// gives its thread back when kubectl is killed instead of waiting for its timeout.

#include <string>

namespace kexit::kubesim {

// The connected socket with these addresses, or -1 (linear scan of the process's descriptors;
// done once per watch).
int find_peer_socket(const std::string& remote_address, int remote_port, int local_port);
// False once the peer closed or reset the connection.
bool peer_connected(int socket);

}  // namespace kexit::kubesim
