#pragma once
// AgentOptions: everything `kexit agent` is configured with (flags and environment).

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "agent/leader_elector.h"
#include "agent/namespace_rate_limiter.h"

namespace kexit::agent {

struct AgentOptions {
  // Empty: all namespaces.
  std::vector<std::string> namespaces;
  std::vector<std::string> exclude_namespaces;
  std::string label_selector;
  // Terminations that finished longer ago are not reported (at start-up: not re-alerted).
  std::optional<std::chrono::seconds> since = std::chrono::hours(1);
  bool include_exit_zero = false;
  // A series quiet for longer starts a new Event (a new alert).
  std::chrono::seconds quiet_window{30 * 60};

  std::size_t queue_capacity = 256;
  std::size_t workers = 4;
  RateLimit event_rate_limit;
  std::size_t max_log_bytes = 256 * 1024;
  bool annotate_pods = false;
  // The log's last lines in the Event's note when no rule used a log line.
  bool event_log_tail = false;

  std::vector<std::string> knowledge_directories;
  std::chrono::milliseconds knowledge_poll_interval{30000};

  // Health and metrics server; port < 0 disables it.
  std::string listen_host = "0.0.0.0";
  int listen_port = 8080;
  // The read-only web page (--web): its own address, never the metrics port; port < 0: off.
  std::string web_host = "127.0.0.1";
  int web_port = -1;

  // The agent's pod: Event reportingInstance and Lease identity.
  std::string pod_name;
  std::string pod_namespace;
  // On SIGTERM, how long queued terminations may still be reported before the rest is left to
  // the next leader (kept under the pod's grace period; with leader election also under the
  // renew deadline, so the Lease is still ours while we write).
  std::chrono::milliseconds shutdown_timeout{10000};
  bool leader_elect = true;
  std::string lease_name = "kexit-agent";
  LeaderElectionConfig election;
};

}  // namespace kexit::agent
