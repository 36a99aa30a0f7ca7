#pragma once
// WatchRegistry: the server-wide view of open watches: how many there are (tests wait for a
// watch to be established instead of sleeping), on-demand bookmarks, and the stop signal.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>

namespace kexit::kubesim {

class WatchRegistry {
 public:
  void opened();
  void closed();
  std::size_t open_watches() const;
  // True once at least `count` watches are open; false after `timeout`.
  bool wait_for_open_watches(std::size_t count, std::chrono::milliseconds timeout) const;

  // Every open watch that allows bookmarks sends one now.
  void request_bookmarks();
  std::uint64_t bookmark_generation() const;

  // Open watches end cleanly, as at apiserver shutdown.
  void stop();
  bool stopping() const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::size_t open_ = 0;
  std::uint64_t bookmark_generation_ = 0;
  bool stopping_ = false;
};

}  // namespace kexit::kubesim
