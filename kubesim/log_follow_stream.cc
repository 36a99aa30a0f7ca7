#include "kubesim/log_follow_stream.h"

#include <optional>
#include <vector>

#include "kubesim/kube_time.h"
#include "kubesim/pod_lifecycle.h"

namespace kexit::kubesim {

LogFollowStream::LogFollowStream(Cluster& cluster, const WatchRegistry& registry,
                                 std::string namespace_name, std::string pod, std::string container,
                                 std::string container_id, PodLogOptions options,
                                 std::chrono::milliseconds poll_interval,
                                 std::function<bool()> peer_alive)
    : cluster_(cluster),
      registry_(registry),
      namespace_name_(std::move(namespace_name)),
      pod_(std::move(pod)),
      container_(std::move(container)),
      container_id_(std::move(container_id)),
      options_(std::move(options)),
      poll_interval_(poll_interval),
      peer_alive_(std::move(peer_alive)) {}

bool LogFollowStream::still_running() const {
  ObjectPtr stored = cluster_.store().get("pods", namespace_name_, pod_);
  if (!stored) {
    return false;
  }
  nlohmann::json pod = nlohmann::json::parse(stored->json);
  for (const auto& status : pod["status"].value("containerStatuses", nlohmann::json::array())) {
    if (status.value("name", "") == container_) {
      return status.value("containerID", "") == container_id_ && status.contains("state") &&
             status["state"].contains("running");
    }
  }
  return false;
}

StreamStep LogFollowStream::next(const Writer& write) {
  if (registry_.stopping()) {
    return StreamStep::Done;
  }
  if (peer_alive_ && !peer_alive_()) {
    return StreamStep::Abort;
  }
  std::uint64_t version = cluster_.logs().version();
  bool running = still_running();
  std::vector<LogLine> lines = cluster_.logs().lines(container_id_);
  if (!started_) {
    // The first lines the options select, from this snapshot; everything after follows.
    started_ = true;
    std::size_t first = 0;
    std::optional<TimePoint> since = options_.since_time;
    if (options_.since_seconds) {
      since = cluster_.clock().now() - std::chrono::seconds(*options_.since_seconds);
    }
    while (since && first < lines.size() && lines[first].time < *since) {
      ++first;
    }
    if (options_.tail_lines &&
        static_cast<long long>(lines.size() - first) > *options_.tail_lines) {
      first = lines.size() - static_cast<std::size_t>(*options_.tail_lines);
    }
    for (std::size_t i = 0; i < first; ++i) {
      offset_ += lines[i].text.size();
    }
  }
  // Complete lines written since `offset_`; the last partial line once the container is done.
  std::size_t position = 0;
  for (const LogLine& line : lines) {
    std::size_t start = position;
    position += line.text.size();
    if (start < offset_) {
      continue;
    }
    if (running && (line.text.empty() || line.text.back() != '\n')) {
      break;
    }
    pending_ += (options_.timestamps ? format_nano_time(line.time) + " " : "") + line.text;
    offset_ = position;
  }
  bool limit_reached = false;
  if (options_.limit_bytes &&
      written_ + pending_.size() >= static_cast<std::size_t>(*options_.limit_bytes)) {
    pending_.resize(static_cast<std::size_t>(*options_.limit_bytes) - written_);
    limit_reached = true;
  }
  if (!pending_.empty()) {
    if (!write(pending_)) {
      return StreamStep::Abort;
    }
    written_ += pending_.size();
    pending_.clear();
  }
  if (limit_reached || !running) {
    return StreamStep::Done;
  }
  cluster_.logs().wait_for_write(version, std::chrono::steady_clock::now() + poll_interval_);
  return StreamStep::Continue;
}

}  // namespace kexit::kubesim
