#pragma once
// Test support: one agent replica against kubesim, wired as `kexit agent` wires it
// (src/cli/agent_command.cc) and running on its own thread - for the agent's end-to-end and
// fault tests.

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <sstream>
#include <streambuf>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "agent/agent.h"
#include "agent/api_request_observer.h"
#include "agent/kube_agent_api.h"
#include "kube/api_client.h"

namespace kexit::agent::testing {

// The JSON lines of a log as `kexit agent` writes it (a line that is not JSON comes back as a
// discarded value, which callers skip).
inline std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    lines.push_back(nlohmann::json::parse(line, nullptr, false));
  }
  return lines;
}

// A log sink the test may read while the agent's threads write to it.
class SharedLogBuffer : public std::streambuf {
 public:
  std::string text() const {
    std::lock_guard lock(mutex_);
    return text_;
  }

 protected:
  int overflow(int c) override {
    if (c != traits_type::eof()) {
      std::lock_guard lock(mutex_);
      text_.push_back(static_cast<char>(c));
    }
    return c;
  }
  std::streamsize xsputn(const char* data, std::streamsize size) override {
    std::lock_guard lock(mutex_);
    text_.append(data, static_cast<std::size_t>(size));
    return size;
  }

 private:
  mutable std::mutex mutex_;
  std::string text_;
};

// A client with `transport`, and a Lease client of its own making one attempt per call, bounded
// well inside the renew deadline; every attempt of both counted and each failure logged.
class AgentReplica {
 public:
  AgentReplica(const kube::ClientConfig& config, AgentOptions options,
               kube::TransportOptions transport = {})
      : client_(config, std::move(transport)),
        lease_client_(config, lease_transport()),
        api_(client_),
        lease_(lease_client_, "kexit", options.lease_name),
        log_stream_(&log_buffer_),
        log_(log_stream_, kube::system_clock(), LogLevel::kInfo),
        agent_(options, api_, &lease_, kube::system_clock(), log_) {
    client_.observe_attempts(api_request_observer(agent_.metrics(), log_));
    lease_client_.observe_attempts(api_request_observer(agent_.metrics(), log_));
    auto started = agent_.start();
    EXPECT_TRUE(started.ok()) << started.error().to_string();
    thread_ = std::thread([this] { agent_.run(stop_); });
  }
  ~AgentReplica() { stop(); }
  AgentReplica(const AgentReplica&) = delete;
  AgentReplica& operator=(const AgentReplica&) = delete;

  void stop() {
    stop_.request();
    if (thread_.joinable()) {
      thread_.join();
    }
  }
  Agent& agent() { return agent_; }
  std::string log() const { return log_buffer_.text(); }
  std::vector<nlohmann::json> log_lines() const { return json_lines(log()); }

 private:
  // A third of the scaled 1.5 s renew deadline is under a second: 1 s, as the command rounds it.
  static kube::TransportOptions lease_transport() {
    kube::TransportOptions options;
    options.retry.max_attempts = 1;
    options.connect_timeout = std::chrono::seconds(1);
    options.read_timeout = std::chrono::seconds(1);
    options.write_timeout = std::chrono::seconds(1);
    return options;
  }

  kube::ApiClient client_;
  kube::ApiClient lease_client_;
  KubeAgentApi api_;
  KubeLeaseStore lease_;
  SharedLogBuffer log_buffer_;
  std::ostream log_stream_;
  JsonLogger log_;
  Agent agent_;
  StopSignal stop_;
  std::thread thread_;
};

}  // namespace kexit::agent::testing
