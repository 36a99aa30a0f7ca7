#pragma once
// Test support: the options of an agent run against kubesim in the agent tests, with
// client-go's 15/10/2 s leader election scaled to a 2 s Lease, renewed within 1.5 s and tried
// every 200 ms, so a take-over happens within a test's seconds.

#include <chrono>
#include <string>

#include "agent/agent_options.h"

namespace kexit::agent {

inline AgentOptions scaled_agent_options(const std::string& name, bool leader_elect = false) {
  AgentOptions result;
  result.since.reset();
  result.listen_port = -1;
  result.pod_name = name;
  result.pod_namespace = "kexit";
  result.workers = 2;
  result.leader_elect = leader_elect;
  result.knowledge_poll_interval = std::chrono::milliseconds(100);
  result.election = {name, std::chrono::milliseconds(2000), std::chrono::milliseconds(1500),
                     std::chrono::milliseconds(200), false};
  return result;
}

}  // namespace kexit::agent
