#pragma once
// NodeCorrelator: the agent's short memory of recent terminations, so that several
// applications on one node ending the same way at about the same time are reported once as a
// node problem (memory pressure, a kernel OOM, a reboot), by the same rule as the summary table
// (report::correlate_terminations), and not only as one application problem per pod.

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "report/termination_correlation.h"
#include "report/termination_row.h"

namespace kexit::agent {

class NodeCorrelator {
 public:
  // At most `max_rows` terminations and as many announced runs are remembered (the oldest go
  // first), so a crash storm costs bounded memory; the default holds several windows of a
  // busy cluster.
  explicit NodeCorrelator(std::size_t max_rows = 4096) : max_rows_(max_rows) {}

  // Records `row`. Returns the group it completes the first time a run of terminations on its
  // node with its cause reaches report::kCorrelatedApplications applications; nullopt for every
  // later member of that run (also one that finished before the run's first and was reported
  // late), for rows that complete nothing, and for rows without a node, a finish time or a
  // cause (they cannot be placed). Safe to call from several workers.
  std::optional<report::CorrelatedTerminations> add(const report::TerminationRow& row);

 private:
  using TimePoint = std::chrono::system_clock::time_point;
  struct AnnouncedRun {
    std::set<std::string> pods;
    // The latest finish among its terminations.
    TimePoint last;
  };

  // Forgets the node's terminations and announced runs more than two windows before `newest`:
  // a run cannot reach back further. Each node is measured by its own times, so one node whose
  // clock is far ahead does not erase what the others remember.
  void forget_before(const std::string& node, TimePoint newest);
  // Whether `group` shares a pod with a run announced for its node and cause; if so the run
  // takes in the group's pods.
  bool already_announced(const std::string& key, const report::CorrelatedTerminations& group,
                         TimePoint finished);

  std::size_t max_rows_;
  std::mutex mutex_;
  std::deque<report::TerminationRow> rows_;
  // By node and cause ("node\ncause").
  std::map<std::string, std::vector<AnnouncedRun>> announced_;
  std::size_t announced_runs_ = 0;
};

}  // namespace kexit::agent
