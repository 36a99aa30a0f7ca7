#include "agent/web_termination.h"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <tuple>

#include "agent/event_builder.h"
#include "agent/event_fields.h"
#include "base/text.h"

namespace kexit::agent {
namespace {

using event_fields::object_at;
using event_fields::string_at;

// The note as event_note.cc writes it: "<summary> Evidence: ... Suggestion: ... Events: ...
// Log tail: ...", each part optional and in that order. The Events and the log tail go with the
// evidence, where a reader looks for what the diagnosis rests on.
void split_note(const std::string& note, WebTermination& termination) {
  static constexpr std::string_view kMarkers[] = {
      " Evidence: ", " Suggestion: ", " Events: ", " Log tail: "};
  std::string_view rest = note;
  std::string parts[std::size(kMarkers) + 1];
  std::size_t current = 0;
  for (std::size_t i = 0; i < std::size(kMarkers); ++i) {
    auto at = rest.find(kMarkers[i]);
    if (at == std::string_view::npos) {
      continue;
    }
    parts[current] = std::string(rest.substr(0, at));
    rest.remove_prefix(at + kMarkers[i].size());
    current = i + 1;
  }
  parts[current] = std::string(rest);
  termination.summary = parts[0];
  termination.evidence = parts[1];
  termination.fix = parts[2];
  for (std::size_t i = 3; i < std::size(parts); ++i) {
    if (!parts[i].empty()) {
      termination.evidence += (termination.evidence.empty() ? "" : " ") +
                              std::string(trim(kMarkers[i - 1])) + " " + parts[i];
    }
  }
}

}  // namespace

std::optional<WebTermination> read_web_termination(const nlohmann::json& event) {
  if (!event.is_object()) {
    return std::nullopt;
  }
  const auto& annotations = object_at(object_at(event, "metadata"), "annotations");
  const auto& regarding = event_fields::regarding(event);
  WebTermination termination;
  termination.cause = string_at(annotations, kCauseAnnotation);
  // The agent's Node Event (node_event.h) carries the cause too, but is about several pods.
  if (termination.cause.empty() || string_at(regarding, "kind") == "Node") {
    return std::nullopt;
  }
  termination.namespace_name = string_at(regarding, "namespace");
  if (termination.namespace_name.empty()) {
    termination.namespace_name = string_at(object_at(event, "metadata"), "namespace");
  }
  termination.pod = string_at(regarding, "name");
  termination.container = string_at(annotations, kContainerAnnotation);
  termination.confidence = string_at(annotations, kConfidenceAnnotation);
  termination.rule = string_at(annotations, kRuleAnnotation);
  termination.exit_code = string_at(annotations, kExitCodeAnnotation);
  termination.type = string_at(event, "type");
  split_note(event.contains("note") ? string_at(event, "note") : string_at(event, "message"),
             termination);
  termination.count = event_fields::count(event);
  termination.last_observed = event_fields::last_observed(event);
  return termination;
}

void WebTerminations::add(const nlohmann::json& event) {
  auto termination = read_web_termination(event);
  if (!termination) {
    return;
  }
  terminations_.push_back(std::move(*termination));
  // Keeps twice the bound between trims, so adding stays linear in the Events listed.
  if (terminations_.size() >= 2 * kMaxWebTerminations) {
    terminations_ = newest_first();
  }
}

std::vector<WebTermination> WebTerminations::newest_first() const {
  std::vector<WebTermination> sorted = terminations_;
  auto key = [](const WebTermination& t) {
    return std::tie(t.namespace_name, t.pod, t.container, t.cause);
  };
  std::sort(sorted.begin(), sorted.end(), [&](const auto& a, const auto& b) {
    if (a.last_observed != b.last_observed) {
      return a.last_observed > b.last_observed;
    }
    return key(a) < key(b);
  });
  if (sorted.size() > kMaxWebTerminations) {
    sorted.resize(kMaxWebTerminations);
  }
  return sorted;
}

}  // namespace kexit::agent
