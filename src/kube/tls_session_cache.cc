#include "kube/tls_session_cache.h"

#include <algorithm>

namespace kexit::kube {

TlsSessionCache::TlsSessionCache(std::size_t max_scopes)
    : max_scopes_(std::max<std::size_t>(1, max_scopes)) {}

void TlsSessionCache::keep(const std::string& scope, const SSL_SESSION* session) {
  TlsSessionPointer copy(SSL_SESSION_dup(session));
  if (!copy) {
    return;  // out of memory: the next connection makes a full handshake
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = std::find_if(entries_.begin(), entries_.end(),
                            [&](const Entry& entry) { return entry.scope == scope; });
  if (found != entries_.end()) {
    entries_.erase(found);
  } else if (entries_.size() >= max_scopes_) {
    entries_.erase(entries_.begin());
  }
  entries_.push_back(Entry{scope, std::move(copy)});
}

TlsSessionPointer TlsSessionCache::find(const std::string& scope) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const Entry& entry : entries_) {
    if (entry.scope == scope) {
      return TlsSessionPointer(SSL_SESSION_dup(entry.session.get()));
    }
  }
  return nullptr;
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
