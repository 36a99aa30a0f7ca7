#pragma once
// WebTermination: one termination as the agent's web page shows it, read from the Event the
// agent wrote for it (its kexit.io/* annotations and note), so the page needs no second store.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kube/clock.h"

namespace kexit::agent {

// The most terminations the page holds: the newest ones, so a busy cluster's Events cannot grow
// one page (or the agent's memory while it renders one) without bound.
inline constexpr std::size_t kMaxWebTerminations = 500;

struct WebTermination {
  std::string namespace_name;
  std::string pod;
  std::string container;
  std::string cause;
  std::string confidence;
  std::string rule;
  std::string exit_code;
  // Event type: "Warning", or "Normal" for causes that are not faults.
  std::string type;
  // The note's parts: what happened, the evidence lines, the suggested fix (empty when absent).
  std::string summary;
  std::string evidence;
  std::string fix;
  // Occurrences in the Event's series.
  int count = 1;
  kube::TimePoint last_observed{};
};

// Reads one of the agent's Events (core/v1 or events.k8s.io/v1); nullopt for an Event without
// the cause annotation (written by someone else, or by hand).
std::optional<WebTermination> read_web_termination(const nlohmann::json& event);

// Keeps the Event if it is one of the agent's: the newest kMaxWebTerminations, newest first.
class WebTerminations {
 public:
  void add(const nlohmann::json& event);
  // Newest first, ties by namespace, pod and container so a page reads the same on each load.
  std::vector<WebTermination> newest_first() const;

 private:
  std::vector<WebTermination> terminations_;
};

}  // namespace kexit::agent
