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
#include <string>

#include "report/termination_correlation.h"
#include "report/termination_row.h"

namespace kexit::agent {

class NodeCorrelator {
 public:
  // At most `max_rows` terminations are remembered (the oldest go first), so a crash storm
  // costs bounded memory; the default holds several windows of a busy cluster.
  explicit NodeCorrelator(std::size_t max_rows = 4096) : max_rows_(max_rows) {}

  // Records `row`. Returns the group it completes the first time a run of terminations on its
  // node with its cause reaches report::kCorrelatedApplications applications; nullopt for every
  // later member of that run, for rows that complete nothing, and for rows without a node, a
  // finish time or a cause (they cannot be placed). Safe to call from several workers.
  std::optional<report::CorrelatedTerminations> add(const report::TerminationRow& row);

 private:
  // Forgets terminations and announced runs older than two windows before `newest`: a run
  // cannot reach back further, and a late report of an old termination still finds its run.
  void forget_before(std::chrono::system_clock::time_point newest);

  std::size_t max_rows_;
  std::mutex mutex_;
  std::deque<report::TerminationRow> rows_;
  // Runs already announced (node, cause, first pod) and when.
  std::map<std::string, std::chrono::system_clock::time_point> announced_;
};

}  // namespace kexit::agent
