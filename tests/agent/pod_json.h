#pragma once
// Pod objects as the API serves them, for agent tests: a container that terminated, in
// state.terminated or (after a restart) lastState.terminated.

#include <nlohmann/json.hpp>
#include <string>

namespace kexit::agent::testing {

struct CrashedContainer {
  std::string name = "app";
  int exit_code = 101;
  std::string reason = "Error";
  std::string container_id = "containerd://aaa";
  std::string finished_at = "2024-01-01T00:10:00Z";
  int restart_count = 1;
  // true: lastState.terminated with state.waiting CrashLoopBackOff.
  bool restarted = true;
  std::string message;
};

inline nlohmann::json crashed_pod(const std::string& namespace_name, const std::string& name,
                                  const std::string& uid, const CrashedContainer& crashed = {}) {
  nlohmann::json terminated = {{"exitCode", crashed.exit_code},
                               {"reason", crashed.reason},
                               {"startedAt", "2024-01-01T00:09:00Z"},
                               {"finishedAt", crashed.finished_at},
                               {"containerID", crashed.container_id}};
  if (!crashed.message.empty()) {
    terminated["message"] = crashed.message;
  }
  nlohmann::json status = {{"name", crashed.name},
                           {"image", "example/app:1"},
                           {"ready", false},
                           {"restartCount", crashed.restart_count}};
  if (crashed.restarted) {
    status["state"] = {{"waiting", {{"reason", "CrashLoopBackOff"}}}};
    status["lastState"] = {{"terminated", terminated}};
  } else {
    status["state"] = {{"terminated", terminated}};
    status["lastState"] = nlohmann::json::object();
  }
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata", {{"name", name}, {"namespace", namespace_name}, {"uid", uid}}},
          {"spec",
           {{"restartPolicy", "Always"},
            {"nodeName", "node-1"},
            {"containers", {{{"name", crashed.name}, {"image", "example/app:1"}}}}}},
          {"status", {{"phase", "Running"}, {"containerStatuses", {status}}}}};
}

}  // namespace kexit::agent::testing
