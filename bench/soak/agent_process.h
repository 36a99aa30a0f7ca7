#pragma once
// AgentProcess: the real `kexit agent` against the soak's kubesim, as the Deployment runs it
// (leader election on, /readyz and /metrics on a loopback port), its log in a file (and its
// last /metrics beside it, LOG.metrics); with what the soak reads of it while it runs:
// readiness, its counters, peak RSS and CPU time.

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "testing/process_runner.h"

namespace kexit::bench {

struct AgentFlags {
  std::string kexit;
  std::string kubeconfig;
  std::string log;
  std::string lease_duration;
  std::string renew_deadline;
  std::string retry_period;
  double event_qps = 0;
  double event_burst = 0;
};

// What /proc says of a process, read while it runs.
struct ProcessSample {
  double peak_rss_mib = 0;  // VmHWM
  double cpu_seconds = 0;   // utime + stime
};

inline ProcessSample sample_process(pid_t pid) {
  ProcessSample sample;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string key; status >> key;) {
    if (key == "VmHWM:") {
      double kib = 0;
      status >> kib;
      sample.peak_rss_mib = kib / 1024;
    }
  }
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), {});
  if (text.find(')') == std::string::npos) {
    return sample;  // the process is gone
  }
  // Fields after the command name, which is in parentheses and may hold spaces: state is the
  // 3rd field, utime the 14th and stime the 15th.
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::vector<std::string> values;
  for (std::string value; fields >> value;) {
    values.push_back(value);
  }
  if (values.size() > 12) {
    sample.cpu_seconds =
        (std::stod(values[11]) + std::stod(values[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  return sample;
}

// Whether a process is still running (not gone, not a zombie waiting to be reaped).
inline bool process_running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), {});
  auto end = text.rfind(')');
  return end != std::string::npos && end + 2 < text.size() && text[end + 2] != 'Z';
}

// A loopback port free now (the agent binds it a moment later).
inline int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

class AgentProcess {
 public:
  explicit AgentProcess(const AgentFlags& flags) : log_(flags.log), port_(free_port()) {
    std::string command =
        "exec " + flags.kexit + " agent --kubeconfig " + flags.kubeconfig +
        " --since 0 --pod-name kexit-agent-0 --pod-namespace kexit --leader-elect=true" +
        " --lease-duration " + flags.lease_duration + " --renew-deadline " + flags.renew_deadline +
        " --retry-period " + flags.retry_period + " --event-qps " +
        std::to_string(flags.event_qps) + " --event-burst " + std::to_string(flags.event_burst) +
        " --listen 127.0.0.1:" + std::to_string(port_) + " 2>" + flags.log;
    process_ = std::make_unique<testing_support::Process>(
        std::vector<std::string>{"/bin/sh", "-c", command});
  }

  // Polls /readyz (the initial list done, leading) every 100 ms until `budget` passes or the
  // process ends.
  bool wait_ready(std::chrono::seconds budget) {
    auto deadline = std::chrono::steady_clock::now() + budget;
    while (std::chrono::steady_clock::now() < deadline && process_running(process_->pid())) {
      if (get("/readyz").first == 200) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  // /metrics now; the last answer is kept (a killed process's counters are those read last).
  const std::string& scrape() {
    auto [status, body] = get("/metrics");
    if (status == 200) {
      metrics_ = std::move(body);
    }
    return metrics_;
  }
  const std::string& metrics() const { return metrics_; }

  // Sum of a metric's series whose labels contain `label` (all of them when empty).
  double metric(const std::string& name, const std::string& label = "") const {
    double sum = 0;
    std::istringstream lines(metrics_);
    for (std::string line; std::getline(lines, line);) {
      bool named = line.rfind(name, 0) == 0 && line.size() > name.size() &&
                   (line[name.size()] == '{' || line[name.size()] == ' ');
      if (named && (label.empty() || line.find(label) != std::string::npos)) {
        sum += std::stod(line.substr(line.rfind(' ') + 1));
      }
    }
    return sum;
  }

  // /proc's figures, read last before the process ended.
  const ProcessSample& sample() {
    if (!ended_) {
      sample_ = sample_process(process_->pid());
    }
    return sample_;
  }
  // Its counters and figures read, then SIGKILL (nothing drained, nothing logged) or SIGTERM
  // (queued work finished, the Lease released).
  int end(int signal_number) {
    std::ofstream(log_ + ".metrics") << scrape();
    sample();
    ended_ = true;
    return process_->terminate(signal_number).exit_code;
  }

  const std::string& log() const { return log_; }

 private:
  std::pair<int, std::string> get(const std::string& path) {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(2, 0);
    client.set_read_timeout(10, 0);
    auto reply = client.Get(path);
    if (!reply) {
      return {0, ""};
    }
    return {reply->status, reply->body};
  }

  std::string log_;
  int port_;
  std::unique_ptr<testing_support::Process> process_;
  std::string metrics_;
  ProcessSample sample_;
  bool ended_ = false;
};

}  // namespace kexit::bench
