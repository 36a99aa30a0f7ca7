#include "kubesim/watch_registry.h"

namespace kexit::kubesim {

void WatchRegistry::opened() {
  std::lock_guard lock(mutex_);
  ++open_;
  changed_.notify_all();
}

void WatchRegistry::closed() {
  std::lock_guard lock(mutex_);
  --open_;
  changed_.notify_all();
}

std::size_t WatchRegistry::open_watches() const {
  std::lock_guard lock(mutex_);
  return open_;
}

bool WatchRegistry::wait_for_open_watches(std::size_t count,
                                          std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return open_ >= count; });
}

void WatchRegistry::request_bookmarks() {
  std::lock_guard lock(mutex_);
  ++bookmark_generation_;
}

std::uint64_t WatchRegistry::bookmark_generation() const {
  std::lock_guard lock(mutex_);
  return bookmark_generation_;
}

void WatchRegistry::stop() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
}

bool WatchRegistry::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

}  // namespace kexit::kubesim
