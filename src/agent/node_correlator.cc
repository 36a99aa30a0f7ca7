#include "agent/node_correlator.h"

#include <algorithm>

namespace kexit::agent {
namespace {

std::string pod_of(const report::TerminationRow& row) { return row.namespace_name + "/" + row.pod; }

bool placeable(const report::TerminationRow& row) {
  return !row.node.empty() && !row.cause.empty() && row.finished.has_value();
}

bool contains_pod(const report::CorrelatedTerminations& group, const std::string& pod) {
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
  forget_before(row.node, *row.finished);
  std::vector<report::TerminationRow> same;
  for (const auto& kept : rows_) {
    if (kept.node == row.node && kept.cause == row.cause) {
      same.push_back(kept);
    }
  }
  const std::string key = row.node + "\n" + row.cause;
  for (auto& group : report::correlate_terminations(same)) {
    if (contains_pod(group, pod_of(row)) && !already_announced(key, group, *row.finished)) {
      if (announced_runs_ >= max_rows_) {
        announced_.clear();
        announced_runs_ = 0;
      }
      announced_[key].push_back(
          {std::set<std::string>(group.pods.begin(), group.pods.end()), *row.finished});
      ++announced_runs_;
      return group;
    }
  }
  return std::nullopt;
}

bool NodeCorrelator::already_announced(const std::string& key,
                                       const report::CorrelatedTerminations& group,
                                       TimePoint finished) {
  for (AnnouncedRun& run : announced_[key]) {
    bool shares = std::any_of(group.pods.begin(), group.pods.end(),
                              [&](const std::string& pod) { return run.pods.count(pod) > 0; });
    if (shares) {
      run.pods.insert(group.pods.begin(), group.pods.end());
      run.last = std::max(run.last, finished);
      return true;
    }
  }
  return false;
}

void NodeCorrelator::forget_before(const std::string& node, TimePoint newest) {
  const TimePoint horizon = newest - 2 * report::kCorrelationWindow;
  std::erase_if(rows_, [&](const report::TerminationRow& kept) {
    return kept.node == node && *kept.finished < horizon;
  });
  for (auto it = announced_.lower_bound(node + "\n");
       it != announced_.end() && it->first.compare(0, node.size() + 1, node + "\n") == 0;) {
    announced_runs_ -=
        std::erase_if(it->second, [&](const AnnouncedRun& run) { return run.last < horizon; });
    it = it->second.empty() ? announced_.erase(it) : std::next(it);
  }
}

}  // namespace kexit::agent
