#pragma once
// AgentLogFollower: reads an agent's log file (JSON lines, as `kexit agent` writes them to
// stderr) as it grows, into the outcome of each termination (testing/termination_account.h),
// when each Event was written, and when the agent started and stopped leading.

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "kube/api_time.h"
#include "testing/termination_account.h"

namespace kexit::bench {

class AgentLogFollower {
 public:
  explicit AgentLogFollower(std::string path) : path_(std::move(path)) {}

  // Reads the whole lines written since the last call.
  void follow() {
    std::ifstream stream(path_, std::ios::binary);
    stream.seekg(static_cast<std::streamoff>(offset_));
    std::string line;
    while (std::getline(stream, line)) {
      if (stream.eof()) {
        break;  // a line still being written: read it whole next time
      }
      offset_ += line.size() + 1;
      read_line(nlohmann::json::parse(line, nullptr, false));
    }
  }

  const std::string& path() const { return path_; }
  const testing_support::TerminationOutcomes& outcomes() const { return outcomes_; }
  // Termination id -> when the line saying its Event was written was logged (the first).
  const std::map<std::string, kube::TimePoint>& written_at() const { return written_at_; }
  const std::vector<kube::TimePoint>& started_leading() const { return started_leading_; }
  const std::vector<kube::TimePoint>& stopped_leading() const { return stopped_leading_; }
  // "initial pod list done": the agent leads and has listed every pod (a follower is ready
  // before, so /readyz alone does not say it).
  std::size_t initial_lists() const { return initial_lists_; }
  // What the last "read the agent's existing Events" line said.
  std::size_t events_read_back() const { return events_read_back_; }

 private:
  void read_line(const nlohmann::json& line) {
    if (!line.is_object()) {
      return;
    }
    auto time = kube::parse_api_time(line.value("time", ""));
    if (testing_support::read_outcome_line(line, outcomes_) && time) {
      written_at_.emplace(line.value("termination_id", ""), *time);
    }
    const std::string message = line.value("msg", "");
    if (message == "started leading" && time) {
      started_leading_.push_back(*time);
    } else if (message == "stopped leading" && time) {
      stopped_leading_.push_back(*time);
    } else if (message == "initial pod list done") {
      ++initial_lists_;
    } else if (message == "read the agent's existing Events") {
      events_read_back_ = line.value("events", std::size_t{0});
    }
  }

  std::string path_;
  std::size_t offset_ = 0;
  testing_support::TerminationOutcomes outcomes_;
  std::map<std::string, kube::TimePoint> written_at_;
  std::vector<kube::TimePoint> started_leading_;
  std::vector<kube::TimePoint> stopped_leading_;
  std::size_t events_read_back_ = 0;
  std::size_t initial_lists_ = 0;
};

}  // namespace kexit::bench
