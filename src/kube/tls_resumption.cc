#include "kube/tls_resumption.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "kube/server_address.h"
#include "kube/tls_session_cache.h"

namespace kexit::kube {
namespace {

// Where a context keeps its TlsResumption.
int resumption_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

TlsResumption* resumption_of(const SSL* ssl) {
  return static_cast<TlsResumption*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), resumption_index()));
}

// Whether the server certificate a session holds was issued for the scope's name; the scope's
// key already says so, this checks that nothing else put the session there.
bool certificate_names(SSL_SESSION* session, const std::string& name) {
  X509* peer = SSL_SESSION_get0_peer(session);
  if (peer == nullptr) {
    return false;
  }
  if (is_ip_literal(name)) {
    return X509_check_ip_asc(peer, name.c_str(), 0) == 1;
  }
  return X509_check_host(peer, name.c_str(), name.size(), 0, nullptr) == 1;
}

bool binds_to(SSL_SESSION* session, const TlsSessionScope& scope) {
  const char* sent_name = SSL_SESSION_get0_hostname(session);
  if (sent_name != nullptr && scope.server_name != sent_name) {
    return false;
  }
  return !scope.verify || certificate_names(session, scope.server_name);
}

void offer_session(SSL* ssl, const TlsResumption& resumption) {
  if (resumption.cache == nullptr) {
    return;
  }
  TlsSessionPointer session = resumption.cache->take(resumption.key);
  if (session && binds_to(session.get(), resumption.scope)) {
    // It takes a reference of its own; on failure the handshake is a full one.
    SSL_set_session(ssl, session.get());
  }
}

// OpenSSL calls this as each handshake starts and ends. httplib makes the SSL and connects it
// in one call, with no hook between, so the start, before the ClientHello is written, is
// where a session can still be offered; OpenSSL passes the SSL it is connecting, not a const
// one, so the cast is sound.
void on_handshake_progress(const SSL* ssl, int where, int) {
  TlsResumption* resumption = resumption_of(ssl);
  if (resumption == nullptr) {
    return;
  }
  // No session yet: the connection's first handshake, not a renegotiation.
  if (where == SSL_CB_HANDSHAKE_START && SSL_get_session(ssl) == nullptr) {
    offer_session(const_cast<SSL*>(ssl), *resumption);
  } else if (where == SSL_CB_HANDSHAKE_DONE && resumption->handshakes != nullptr) {
    resumption->handshakes->count(SSL_session_reused(ssl) == 1);
  }
}

// Each session the server issues: a TLS 1.2 one as its handshake ends, TLS 1.3 tickets when
// the client reads past the handshake (with the first answer), on the reading thread.
int on_new_session(SSL* ssl, SSL_SESSION* session) {
  TlsResumption* resumption = resumption_of(ssl);
  if (resumption != nullptr && resumption->cache != nullptr) {
    resumption->cache->keep(resumption->key, session);
  }
  return 0;  // the cache keeps a copy; OpenSSL releases the reference it handed over
}

}  // namespace

TlsHandshakeCounter& process_tls_handshakes() {
  static TlsHandshakeCounter counter;
  return counter;
}

void TlsHandshakeCounter::count(bool resumed) {
  (resumed ? resumed_ : full_).fetch_add(1, std::memory_order_relaxed);
}

TlsHandshakes TlsHandshakeCounter::counts() const {
  return TlsHandshakes{full_.load(std::memory_order_relaxed),
                       resumed_.load(std::memory_order_relaxed)};
}

std::string tls_session_scope_key(const TlsSessionScope& scope) {
  std::string key;
  for (const std::string& field :
       {scope.host, std::to_string(scope.port), scope.server_name, scope.ca_pem,
        std::string(scope.verify ? "verify" : "insecure"), scope.client_certificate_pem}) {
    key += std::to_string(field.size()) + ":" + field;
  }
  return key;
}

void enable_session_resumption(SSL_CTX* context, TlsResumption& resumption) {
  if (SSL_CTX_set_ex_data(context, resumption_index(), &resumption) != 1) {
    return;  // out of memory: every connection makes a full handshake, as before
  }
  // Sessions go to the callback alone: OpenSSL's own cache belongs to one context, and
  // httplib makes a context per client, so per connection here.
  SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(context, on_new_session);
  SSL_CTX_set_info_callback(context, on_handshake_progress);
}

}  // namespace kexit::kube
