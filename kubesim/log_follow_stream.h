#pragma once
// LogFollowStream: `GET .../log?follow=true` on a running container: the log so far, then
// each line as it is written, until the container instance stops running, the pod goes, the
// client hangs up or the server stops.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "kubesim/cluster.h"
#include "kubesim/http_exchange.h"
#include "kubesim/pod_log_reader.h"
#include "kubesim/watch_registry.h"

namespace kexit::kubesim {

class LogFollowStream : public ResponseStream {
 public:
  // Starts with the lines `options` select (sinceSeconds/sinceTime, tailLines) from the log
  // as it is at the first call, then follows; limitBytes caps the whole answer.
  LogFollowStream(Cluster& cluster, const WatchRegistry& registry, std::string namespace_name,
                  std::string pod, std::string container, std::string container_id,
                  PodLogOptions options, std::chrono::milliseconds poll_interval,
                  std::function<bool()> peer_alive);

  StreamStep next(const Writer& write) override;

 private:
  bool still_running() const;

  Cluster& cluster_;
  const WatchRegistry& registry_;
  std::string namespace_name_;
  std::string pod_;
  std::string container_;
  std::string container_id_;
  PodLogOptions options_;
  bool started_ = false;
  std::string pending_;
  std::size_t offset_ = 0;
  std::size_t written_ = 0;
  std::chrono::milliseconds poll_interval_;
  std::function<bool()> peer_alive_;
};

}  // namespace kexit::kubesim
