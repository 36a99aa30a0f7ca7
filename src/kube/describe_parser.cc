#include "kube/describe_parser.h"

#include <array>

#include "base/text.h"
#include "kube/api_time.h"
#include "kube/describe_events.h"
#include "kube/describe_flat_text.h"
#include "kube/describe_layout.h"
#include "kube/describe_pod_object.h"
#include "kube/pod_parser.h"

namespace kexit::kube {
namespace {

// Lines of junk tolerated before the first "Name:" (a prompt, a sentence of the ticket).
constexpr int kMaxLeadingLines = 20;

bool is_pod_field_line(std::string_view body) {
  static constexpr std::array<std::string_view, 7> kFields = {
      "Namespace:", "Node:",       "Start Time:",     "Labels:",
      "Status:",    "Containers:", "Init Containers:"};
  for (std::string_view field : kFields) {
    if (starts_with(body, field)) {
      return true;
    }
  }
  return false;
}

bool has_pod_field(const std::vector<DescribeNode>& fields) {
  for (const auto& field : fields) {
    if (is_pod_field_line(field.key + ":")) {
      return true;
    }
  }
  return false;
}

std::string missing_facts_note() {
  return "read from kubectl describe text, which does not show the pod's uid or restartPolicy: "
         "both are unknown";
}

std::string placed_times_note(std::optional<TimePoint> newest, bool any_events) {
  if (!any_events) {
    return "";
  }
  if (!newest) {
    return "the Event times are unknown: kubectl describe shows only ages, and the text has no "
           "absolute time to count them from";
  }
  return "the Event times were placed relative to " + format_api_time(*newest) +
         ", the newest absolute time in the text: kubectl describe shows only ages, counted "
         "from when it ran, so the Events may be later than shown";
}

Expected<PodFacts> parse_one(const std::vector<DescribeNode>& fields, const DescribeLayout& layout,
                             const std::string& source) {
  KEXIT_ASSIGN(object, rebuild_pod_object(fields, source, layout.last_line));
  KEXIT_ASSIGN(facts, parse_pod(object.pod, source));
  facts.evidence_notes.push_back(missing_facts_note());
  if (facts.owner_kind == "Job") {
    // Cluster mode reads the Job's Failed condition (DeadlineExceeded kills a pod that says
    // nothing of it); describe text of the pod cannot show it.
    facts.evidence_notes.push_back("the conditions of Job " + facts.owner_name +
                                   " are not in the pod's describe text; kubectl describe job " +
                                   facts.owner_name + " shows why it failed");
  }
  if (object.events == nullptr) {
    facts.evidence_notes.push_back(
        "the text of pod " + facts.name +
        " has no Events table: it may have been cut; paste the whole output of kubectl "
        "describe pod " +
        facts.name);
  } else {
    KEXIT_ASSIGN(events, read_describe_events(*object.events, object.containers, object.newest_time,
                                              source, facts.name, layout.last_line));
    facts.events = std::move(events.events);
    object.notes.insert(object.notes.end(), events.notes.begin(), events.notes.end());
  }
  std::string placed = placed_times_note(object.newest_time, !facts.events.empty());
  if (!placed.empty()) {
    facts.evidence_notes.push_back(placed);
  }
  for (auto& note : object.notes) {
    facts.evidence_notes.push_back(std::move(note));
  }
  return facts;
}

}  // namespace

bool looks_like_describe(std::string_view text) {
  int lines_read = 0;
  int name_indent = -1;
  int since_name = 0;
  for (std::string_view raw : split(text, '\n')) {
    std::string_view body = trim(raw);
    if (body.empty()) {
      continue;
    }
    if (++lines_read > kMaxLeadingLines + 4) {
      return false;
    }
    const int indent = static_cast<int>(raw.find_first_not_of(" \t"));
    if (is_pod_start(body)) {
      name_indent = indent;
      since_name = 0;
      continue;
    }
    // The pod's own fields follow its name at the same indentation; a "Name:" in the text
    // around the paste is not followed by them, and the search goes on.
    if (name_indent >= 0 && indent == name_indent && is_pod_field_line(body)) {
      return true;
    }
    if (++since_name > 3) {
      name_indent = -1;
    }
  }
  return false;
}

Expected<std::vector<PodFacts>> parse_describe(std::string_view text, const std::string& source) {
  // Restoring indentation adds blanks only: line numbers in errors stay the text's own.
  const std::string restored = restore_describe_indentation(text);
  DescribeLayout layout = read_describe_layout(restored);
  if (layout.pods.empty()) {
    return Error{
        "no \"Name:\" line: this is not the text of kubectl describe pod; paste the "
        "whole output of kubectl describe pod NAME",
        source};
  }
  std::vector<PodFacts> pods;
  for (const auto& fields : layout.pods) {
    if (!has_pod_field(fields)) {
      continue;  // a "Name:" in the text around the paste
    }
    KEXIT_ASSIGN(facts, parse_one(fields, layout, source));
    for (int line : layout.elisions) {
      facts.evidence_notes.push_back("part of the text was left out (\"[...]\" at line " +
                                     std::to_string(line) + ")");
    }
    pods.push_back(std::move(facts));
  }
  if (pods.empty()) {
    return Error{
        "no pod in the text: its \"Name:\" lines are not followed by a pod's "
        "fields (Namespace:, Node:, Containers:); paste the whole output of kubectl "
        "describe pod NAME",
        source};
  }
  return pods;
}

}  // namespace kexit::kube
