#pragma once
// TerminationAccount: the check every agent fault scenario ends with (issue 15, section 2),
// shared by tests/agent/agent_faults_test.cc and the soak in bench/agent_soak.cc. Given the
// terminations a scenario caused, what the agents' logs say became of each, the agents' own
// Events and their counters, it lists every way the account does not add up: a termination
// without an outcome, a container whose Event series counts are not its terminations minus
// those not written, counters that disagree with the log lines, a termination id on two Events.

#include <cstdio>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "agent/reported_events.h"

namespace kexit::testing_support {

// Container ("pod/container") -> the ids of its terminations (kexit.io/termination-id).
using TerminationsByContainer = std::map<std::string, std::set<std::string>>;

// What the agents' logs say became of each termination, by container.
struct TerminationOutcomes {
  TerminationsByContainer written;
  TerminationsByContainer not_written;
  // `container termination diagnosed` lines whose Event was not written (failed, rate_limited,
  // forbidden), and `termination dropped` lines.
  std::size_t not_written_lines = 0;
  std::size_t dropped_lines = 0;
};

inline std::string outcome_container_key(const nlohmann::json& line) {
  return line.value("pod", "") + "/" + line.value("container", "");
}

// One line of an agent's log (JSON, as `kexit agent` writes it); a line that is no outcome
// (or no JSON object) changes nothing. Returns whether it was an outcome that wrote an Event.
inline bool read_outcome_line(const nlohmann::json& line, TerminationOutcomes& outcomes) {
  static const std::set<std::string> kWritten = {"created", "updated", "recreated", "duplicate"};
  if (!line.is_object()) {
    return false;
  }
  const std::string message = line.value("msg", "");
  const std::string id = line.value("termination_id", "");
  if (message == "container termination diagnosed") {
    if (kWritten.count(line.value("event", "")) > 0) {
      outcomes.written[outcome_container_key(line)].insert(id);
      return true;
    }
    outcomes.not_written[outcome_container_key(line)].insert(id);
    ++outcomes.not_written_lines;
  } else if (message == "termination dropped; the next leader reports it") {
    outcomes.not_written[outcome_container_key(line)].insert(id);
    ++outcomes.dropped_lines;
  }
  return false;
}

// Every line of a log.
inline void read_outcomes(const std::string& log, TerminationOutcomes& outcomes) {
  std::istringstream stream(log);
  for (std::string line; std::getline(stream, line);) {
    read_outcome_line(nlohmann::json::parse(line, nullptr, false), outcomes);
  }
}

// Whether every termination has an outcome (written, or logged as not written).
inline bool every_termination_has_an_outcome(const TerminationsByContainer& terminations,
                                             const TerminationOutcomes& outcomes) {
  for (const auto& [container, ids] : terminations) {
    auto written = outcomes.written.find(container);
    auto not_written = outcomes.not_written.find(container);
    for (const auto& id : ids) {
      if ((written == outcomes.written.end() || written->second.count(id) == 0) &&
          (not_written == outcomes.not_written.end() || not_written->second.count(id) == 0)) {
        return false;
      }
    }
  }
  return true;
}

// A process killed between an Event write and its log line leaves a termination whose only
// trace is the Event, and its `kexit.io/termination-id` names only the last termination the
// Event's series counts (a later one updates it). So, per container, the terminations no log
// names are taken as written up to the Event series counts the logs do not explain: the
// account's series check still holds them to the number written.
inline void add_event_outcomes(
    const TerminationsByContainer& terminations, const std::vector<agent::ReportedEvent>& events,
    const std::function<std::string(const agent::ReportedEvent&)>& container_of,
    TerminationOutcomes& outcomes) {
  std::map<std::string, int> series;
  for (const auto& event : events) {
    outcomes.written[container_of(event)].insert(event.termination_id);
    series[container_of(event)] += event.count;
  }
  for (const auto& [container, ids] : terminations) {
    auto& written = outcomes.written[container];
    int unexplained = series[container];
    for (const auto& id : ids) {
      unexplained -= written.count(id) > 0 ? 1 : 0;
    }
    const auto& not_written = outcomes.not_written[container];
    for (const auto& id : ids) {
      if (unexplained > 0 && written.count(id) == 0 && not_written.count(id) == 0) {
        written.insert(id);
        --unexplained;
      }
    }
  }
}

// What the agents counted, summed over every replica or process.
struct NotWrittenCounters {
  // kexit_events_total{result=~"failed|rate_limited|forbidden"}
  double events_not_written = 0;
  // kexit_terminations_dropped_total
  double terminations_dropped = 0;
};

struct TerminationAccount {
  std::size_t terminations = 0;
  std::size_t not_written = 0;
  std::size_t events = 0;
  // Every way the account does not add up, one sentence each; empty when it does.
  std::vector<std::string> problems;

  std::string summary() const {
    char line[160];
    std::snprintf(line, sizeof line, "%zu terminations, %zu written, %zu not written", terminations,
                  terminations - not_written, not_written);
    return line;
  }
};

namespace account_detail {

inline std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

inline bool contains(const TerminationsByContainer& map, const std::string& container,
                     const std::string& id) {
  auto found = map.find(container);
  return found != map.end() && found->second.count(id) > 0;
}

// Series counts by container, and a problem for each termination id on two Events.
inline std::map<std::string, int> series_totals(
    const std::vector<agent::ReportedEvent>& events,
    const std::function<std::string(const agent::ReportedEvent&)>& container_of,
    std::vector<std::string>& problems) {
  std::map<std::string, int> totals;
  std::map<std::string, std::string> event_of_id;
  for (const auto& event : events) {
    totals[container_of(event)] += event.count;
    auto [at, fresh] = event_of_id.emplace(event.termination_id, event.event_name);
    if (!fresh) {
      problems.push_back(event.termination_id + " is on " + at->second + " and " +
                         event.event_name);
    }
  }
  return totals;
}

// The terminations of one container that no Event reports; a problem for each without an
// outcome.
inline std::size_t not_written(const std::string& container, const std::set<std::string>& ids,
                               const TerminationOutcomes& outcomes,
                               std::vector<std::string>& problems) {
  std::size_t lost = 0;
  for (const auto& id : ids) {
    if (contains(outcomes.written, container, id)) {
      continue;
    }
    if (!contains(outcomes.not_written, container, id)) {
      problems.push_back(container + " " + id + " has no outcome in any log");
    }
    ++lost;
  }
  return lost;
}

}  // namespace account_detail

// The account, whole. `container_of` names an Event's container as `terminations` does.
inline TerminationAccount account_terminations(
    const TerminationsByContainer& terminations, const TerminationOutcomes& outcomes,
    const std::vector<agent::ReportedEvent>& events,
    const std::function<std::string(const agent::ReportedEvent&)>& container_of,
    const NotWrittenCounters& counted) {
  TerminationAccount account;
  account.events = events.size();
  auto series = account_detail::series_totals(events, container_of, account.problems);
  for (const auto& [container, total] : series) {
    if (terminations.count(container) == 0) {
      account.problems.push_back(container + " has Events (series counts " + std::to_string(total) +
                                 ") but no termination");
    }
  }
  for (const auto& [container, ids] : terminations) {
    std::size_t lost = account_detail::not_written(container, ids, outcomes, account.problems);
    int expected = static_cast<int>(ids.size() - lost);
    auto found = series.find(container);
    if ((found == series.end() ? 0 : found->second) != expected) {
      account.problems.push_back(container + ": Event series counts add up to " +
                                 std::to_string(found == series.end() ? 0 : found->second) +
                                 ", expected " + std::to_string(ids.size()) + " terminations - " +
                                 std::to_string(lost) + " not written");
    }
    account.terminations += ids.size();
    account.not_written += lost;
  }
  // Each termination not written is counted where the logs say.
  if (counted.events_not_written != static_cast<double>(outcomes.not_written_lines)) {
    account.problems.push_back("kexit_events_total{result=~\"failed|rate_limited|forbidden\"} is " +
                               account_detail::number(counted.events_not_written) + " but " +
                               std::to_string(outcomes.not_written_lines) +
                               " lines say an Event was not written");
  }
  if (counted.terminations_dropped != static_cast<double>(outcomes.dropped_lines)) {
    account.problems.push_back("kexit_terminations_dropped_total is " +
                               account_detail::number(counted.terminations_dropped) + " but " +
                               std::to_string(outcomes.dropped_lines) +
                               " lines say a termination was dropped");
  }
  return account;
}

}  // namespace kexit::testing_support
