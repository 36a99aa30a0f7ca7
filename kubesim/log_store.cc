#include "kubesim/log_store.h"

namespace kexit::kubesim {

void LogStore::append(const std::string& container_id, const std::string& text, TimePoint time) {
  if (text.empty()) {
    return;
  }
  std::lock_guard lock(mutex_);
  ContainerLog& log = logs_[container_id];
  log.chunks.emplace_back(log.text.size(), time);
  log.text += text;
  ++version_;
  written_.notify_all();
}

void LogStore::replace(const std::string& container_id, const std::string& text, TimePoint time) {
  std::lock_guard lock(mutex_);
  ContainerLog& log = logs_[container_id];
  log.text = text;
  log.chunks.assign(1, {0, time});
  ++version_;
  written_.notify_all();
}

void LogStore::erase(const std::string& container_id) {
  std::lock_guard lock(mutex_);
  logs_.erase(container_id);
}

std::uint64_t LogStore::version() const {
  std::lock_guard lock(mutex_);
  return version_;
}

void LogStore::wait_for_write(std::uint64_t seen,
                              std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  written_.wait_until(lock, deadline, [&] { return version_ != seen; });
}

std::vector<LogLine> LogStore::lines(const std::string& container_id) const {
  std::vector<LogLine> lines;
  std::lock_guard lock(mutex_);
  auto it = logs_.find(container_id);
  if (it == logs_.end()) {
    return lines;
  }
  const ContainerLog& log = it->second;
  std::size_t chunk = 0;
  std::size_t start = 0;
  while (start < log.text.size()) {
    std::size_t end = log.text.find('\n', start);
    end = end == std::string::npos ? log.text.size() : end + 1;
    while (chunk + 1 < log.chunks.size() && log.chunks[chunk + 1].first <= start) {
      ++chunk;
    }
    TimePoint time = log.chunks.empty() ? TimePoint{} : log.chunks[chunk].second;
    lines.push_back({time, log.text.substr(start, end - start)});
    start = end;
  }
  return lines;
}

std::string LogStore::text(const std::string& container_id) const {
  std::lock_guard lock(mutex_);
  auto it = logs_.find(container_id);
  return it == logs_.end() ? std::string() : it->second.text;
}

}  // namespace kexit::kubesim
