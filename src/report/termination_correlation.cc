#include "report/termination_correlation.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "report/human_duration.h"

namespace kexit::report {
namespace {

// What every row of [first, last) shares in `field`, or "".
template <typename Field>
std::string shared(const std::vector<const TerminationRow*>& rows, std::size_t first,
                   std::size_t last, Field field) {
  const std::string value = field(*rows[first]);
  for (std::size_t i = first + 1; i < last; ++i) {
    if (field(*rows[i]) != value) {
      return "";
    }
  }
  return value;
}

CorrelatedTerminations group_of(const std::vector<const TerminationRow*>& rows, std::size_t first,
                                std::size_t last) {
  CorrelatedTerminations group;
  group.node = rows[first]->node;
  group.cause = rows[first]->cause;
  group.signal_name =
      shared(rows, first, last, [](const TerminationRow& row) { return row.signal; });
  group.image = shared(rows, first, last, [](const TerminationRow& row) { return row.image; });
  for (std::size_t i = first; i < last; ++i) {
    const std::string pod = rows[i]->namespace_name + "/" + rows[i]->pod;
    if (std::find(group.pods.begin(), group.pods.end(), pod) == group.pods.end()) {
      group.pods.push_back(pod);
    }
  }
  group.span = std::chrono::duration_cast<std::chrono::seconds>(*rows[last - 1]->finished -
                                                                *rows[first]->finished);
  return group;
}

// Replicas of one application (one ReplicaSet, StatefulSet, Job ...) count once: three
// replicas of one Deployment hitting their own memory limit together are one application's
// problem, whatever node they share.
std::size_t distinct_applications(const std::vector<const TerminationRow*>& rows, std::size_t first,
                                  std::size_t last) {
  std::set<std::pair<std::string, std::string>> applications;
  for (std::size_t i = first; i < last; ++i) {
    const TerminationRow& row = *rows[i];
    applications.emplace(row.namespace_name, row.owner.empty() ? "Pod/" + row.pod : row.owner);
  }
  return applications.size();
}

// Runs within the window in one node's terminations of one cause, sorted by time.
void find_runs(const std::vector<const TerminationRow*>& rows,
               std::vector<CorrelatedTerminations>& groups) {
  std::size_t first = 0;
  while (first < rows.size()) {
    std::size_t last = first + 1;
    while (last < rows.size() &&
           *rows[last]->finished - *rows[first]->finished <= kCorrelationWindow) {
      ++last;
    }
    if (distinct_applications(rows, first, last) >= kCorrelatedApplications) {
      groups.push_back(group_of(rows, first, last));
      first = last;
    } else {
      ++first;
    }
  }
}

}  // namespace

std::vector<CorrelatedTerminations> correlate_terminations(
    const std::vector<TerminationRow>& rows) {
  std::map<std::pair<std::string, std::string>, std::vector<const TerminationRow*>> by_node_cause;
  for (const auto& row : rows) {
    if (!row.node.empty() && !row.cause.empty() && row.finished) {
      by_node_cause[{row.node, row.cause}].push_back(&row);
    }
  }
  std::vector<CorrelatedTerminations> groups;
  for (auto& [key, members] : by_node_cause) {
    std::stable_sort(members.begin(), members.end(),
                     [](const TerminationRow* a, const TerminationRow* b) {
                       return std::tie(*a->finished, a->namespace_name, a->pod, a->container) <
                              std::tie(*b->finished, b->namespace_name, b->pod, b->container);
                     });
    find_runs(members, groups);
  }
  return groups;
}

std::string correlation_line(const CorrelatedTerminations& group) {
  const std::string count = std::to_string(group.pods.size());
  std::string line = count + " pods on " + group.node + " ";
  line += group.signal_name.empty() ? "ended as " + group.cause
                                    : "killed by " + group.signal_name + " (" + group.cause + ")";
  line += group.span.count() == 0 ? " in the same second" : " within " + human_duration(group.span);
  if (!group.image.empty()) {
    return line + ", all running " + group.image + ": likely one problem of that image or of " +
           "the node, not " + count + " separate ones";
  }
  return line + ": likely a node problem, not " + count + " application problems";
}

}  // namespace kexit::report
