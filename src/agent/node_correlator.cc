#include "agent/node_correlator.h"

#include <algorithm>
#include <vector>

namespace kexit::agent {
namespace {

using TimePoint = std::chrono::system_clock::time_point;

// How a run is known across calls: its first pod stays first as later members join.
std::string run_key(const report::CorrelatedTerminations& group) {
  return group.node + "\n" + group.cause + "\n" + group.pods.front();
}

bool placeable(const report::TerminationRow& row) {
  return !row.node.empty() && !row.cause.empty() && row.finished.has_value();
}

bool contains_pod(const report::CorrelatedTerminations& group, const report::TerminationRow& row) {
  const std::string pod = row.namespace_name + "/" + row.pod;
  return std::find(group.pods.begin(), group.pods.end(), pod) != group.pods.end();
}

}  // namespace

std::optional<report::CorrelatedTerminations> NodeCorrelator::add(
    const report::TerminationRow& row) {
  if (!placeable(row)) {
    return std::nullopt;
  }
  std::lock_guard lock(mutex_);
  rows_.push_back(row);
  if (rows_.size() > max_rows_) {
    rows_.pop_front();
  }
  forget_before(*row.finished);
  std::vector<report::TerminationRow> same;
  for (const auto& kept : rows_) {
    if (kept.node == row.node && kept.cause == row.cause) {
      same.push_back(kept);
    }
  }
  for (auto& group : report::correlate_terminations(same)) {
    if (!contains_pod(group, row)) {
      continue;
    }
    if (announced_.emplace(run_key(group), *row.finished).second) {
      return group;
    }
  }
  return std::nullopt;
}

void NodeCorrelator::forget_before(TimePoint newest) {
  const TimePoint horizon = newest - 2 * report::kCorrelationWindow;
  std::erase_if(rows_,
                [&](const report::TerminationRow& kept) { return *kept.finished < horizon; });
  std::erase_if(announced_, [&](const auto& entry) { return entry.second < horizon; });
}

}  // namespace kexit::agent
