#include "kube/tls_session_cache.h"

#include <algorithm>

namespace kexit::kube {

TlsSessionCache::TlsSessionCache(std::size_t max_scopes)
    : max_scopes_(std::max<std::size_t>(1, max_scopes)) {}

namespace {

bool is_tls13(const SSL_SESSION* session) {
  return SSL_SESSION_get_protocol_version(session) == TLS1_3_VERSION;
}

}  // namespace

void TlsSessionCache::keep(const std::string& scope, const SSL_SESSION* session) {
  TlsSessionPointer copy(SSL_SESSION_dup(session));
  if (!copy) {
    return;  // out of memory: the next connection makes a full handshake
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = std::find_if(entries_.begin(), entries_.end(),
                            [&](const Entry& entry) { return entry.scope == scope; });
  Entry entry{scope, {}};
  if (found != entries_.end()) {
    entry = std::move(*found);
    entries_.erase(found);
  } else if (entries_.size() >= max_scopes_) {
    entries_.erase(entries_.begin());
  }
  // A 1.2 session replaces everything; a ticket replaces a 1.2 session (the server moved on).
  if (!is_tls13(copy.get()) || (!entry.sessions.empty() && !is_tls13(entry.sessions[0].get()))) {
    entry.sessions.clear();
  }
  if (entry.sessions.size() >= kTicketsPerScope) {
    entry.sessions.erase(entry.sessions.begin());
  }
  entry.sessions.push_back(std::move(copy));
  entries_.push_back(std::move(entry));
}

TlsSessionPointer TlsSessionCache::take(const std::string& scope) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = std::find_if(entries_.begin(), entries_.end(),
                            [&](const Entry& entry) { return entry.scope == scope; });
  if (found == entries_.end()) {
    return nullptr;
  }
  if (!is_tls13(found->sessions.back().get())) {
    return TlsSessionPointer(SSL_SESSION_dup(found->sessions.back().get()));
  }
  TlsSessionPointer ticket = std::move(found->sessions.back());
  found->sessions.pop_back();
  if (found->sessions.empty()) {
    entries_.erase(found);
  }
  return ticket;
}

TlsSessionCache& process_tls_sessions() {
  // Never destroyed: a thread still connecting as the process exits may use it.
  static TlsSessionCache* const cache = new TlsSessionCache();
  return *cache;
}

std::size_t TlsSessionCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

}  // namespace kexit::kube
