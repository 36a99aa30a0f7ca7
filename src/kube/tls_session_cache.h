#pragma once
// TlsSessionCache: the newest TLS session of each API server and TLS configuration kexit
// talked to, kept so that a later connection resumes it instead of a full handshake.

#include <openssl/ssl.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kexit::kube {

struct TlsSessionDeleter {
  void operator()(SSL_SESSION* session) const { SSL_SESSION_free(session); }
};
using TlsSessionPointer = std::unique_ptr<SSL_SESSION, TlsSessionDeleter>;

// Thread-safe: sessions arrive on whichever thread reads a connection's first answer (TLS 1.3
// sends its tickets after the handshake), and are offered on whichever thread connects next.
class TlsSessionCache {
 public:
  // A scope is one server, name and TLS configuration (tls_session_scope). Rotating client
  // certificates make new scopes; the least recently kept scopes beyond `max_scopes` are
  // dropped, so an agent that runs for months holds a bounded number of sessions.
  explicit TlsSessionCache(std::size_t max_scopes = 8);

  // Keeps a copy of `session` as the newest of `scope`; the caller keeps its own reference.
  // A copy, because OpenSSL marks a session unresumable when a connection using it is freed
  // without a close_notify (a kept-alive connection the server closed, a cancelled watch),
  // which TLS 1.1 and later no longer ask for (RFC 5246, 7.2.1). A TLS 1.2 session replaces
  // the scope's; TLS 1.3 tickets add up (a server may send several, one per connection to
  // come), the newest kTicketsPerScope kept.
  void keep(const std::string& scope, const SSL_SESSION* session);

  // The newest session of `scope`, for one connection alone; empty when none. A TLS 1.3
  // ticket leaves the cache: clients should not offer one ticket twice (RFC 8446, C.4), which
  // would let an observer link the connections; its connection's own tickets refill it. A
  // TLS 1.2 session stays, and a copy is handed out: 1.2 allows its reuse.
  TlsSessionPointer take(const std::string& scope);

  // How many scopes hold a session.
  std::size_t size() const;

  static constexpr std::size_t kTicketsPerScope = 4;

 private:
  struct Entry {
    std::string scope;
    // Oldest first: one TLS 1.2 session, or up to kTicketsPerScope TLS 1.3 tickets.
    std::vector<TlsSessionPointer> sessions;
  };

  std::size_t max_scopes_;
  mutable std::mutex mutex_;
  // Least recently kept first.
  std::vector<Entry> entries_;
};

// The cache every connection of the process shares. Sessions are bound to their scope, not to
// a client, so clients of the same server resume each other's sessions.
TlsSessionCache& process_tls_sessions();

}  // namespace kexit::kube
