#pragma once
// LogStore: container logs by container ID, as the kubelet keeps one log per container
// instance (the running one and the previous, dead one), with the time each chunk was written.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kubesim/clock.h"

namespace kexit::kubesim {

struct LogLine {
  TimePoint time;
  std::string text;  // with its trailing newline, if it had one
};

class LogStore {
 public:
  void append(const std::string& container_id, const std::string& text, TimePoint time);
  void replace(const std::string& container_id, const std::string& text, TimePoint time);
  void erase(const std::string& container_id);
  // The log split into lines; empty when nothing was written for this instance.
  std::vector<LogLine> lines(const std::string& container_id) const;
  std::string text(const std::string& container_id) const;

  // Counts every write; followers wait for it to move.
  std::uint64_t version() const;
  // Returns when a write after `seen` happened or at `deadline`.
  void wait_for_write(std::uint64_t seen, std::chrono::steady_clock::time_point deadline) const;

 private:
  struct ContainerLog {
    std::string text;
    // (offset in text, time) of each appended chunk.
    std::vector<std::pair<std::size_t, TimePoint>> chunks;
  };
  mutable std::mutex mutex_;
  mutable std::condition_variable written_;
  std::uint64_t version_ = 0;
  std::map<std::string, ContainerLog> logs_;
};

}  // namespace kexit::kubesim
