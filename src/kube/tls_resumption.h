#pragma once
// TlsResumption: TLS session resumption on one client connection. The newest session of the
// same server and TLS configuration is offered in the ClientHello, and each session the
// server issues (at the end of a TLS 1.2 handshake; TLS 1.3 tickets come after it, with the
// first answer) is kept for the next connection.

#include <openssl/types.h>

#include <atomic>
#include <cstdint>
#include <string>

namespace kexit::kube {

class TlsSessionCache;

// How many TLS handshakes a transport's connections completed, by kind.
struct TlsHandshakes {
  std::uint64_t full = 0;
  std::uint64_t resumed = 0;
};

// Counted on the connecting threads.
class TlsHandshakeCounter {
 public:
  void count(bool resumed);
  TlsHandshakes counts() const;

 private:
  std::atomic<std::uint64_t> full_{0};
  std::atomic<std::uint64_t> resumed_{0};
};

// The handshakes of every connection the process made with resumption enabled.
TlsHandshakeCounter& process_tls_handshakes();

// What a session is bound to. OpenSSL does not verify the certificate again on a resumed
// session, so a session is offered only where each of these is the same as on the handshake
// that verified it.
struct TlsSessionScope {
  std::string host;
  int port = 0;
  // The name sent (SNI) and verified: tls-server-name, else the host.
  std::string server_name;
  // The CA bundle the server was verified against; empty: the system's roots.
  std::string ca_pem;
  // False with insecure-skip-tls-verify: nothing was verified.
  bool verify = true;
  // The client certificate presented: the server binds the session to that identity.
  std::string client_certificate_pem;
};

// The cache key of a scope: each field prefixed by its length, so no two scopes share one.
std::string tls_session_scope_key(const TlsSessionScope& scope);

struct TlsResumption {
  TlsSessionCache* cache = nullptr;
  TlsSessionScope scope;
  std::string key;  // tls_session_scope_key(scope)
  TlsHandshakeCounter* handshakes = nullptr;
};

// Installs the callbacks on `context`, a client's, whose connections then resume and keep
// sessions of `resumption`'s scope. `resumption` and its cache and counter must outlive the
// context.
void enable_session_resumption(SSL_CTX* context, TlsResumption& resumption);

}  // namespace kexit::kube
