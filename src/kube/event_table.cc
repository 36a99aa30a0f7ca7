#include "kube/event_table.h"

#include <re2/re2.h>

#include <string>

#include "base/text.h"

namespace kexit::kube {
namespace {

// [NAMESPACE] LAST-SEEN TYPE REASON KIND/NAME MESSAGE; LAST SEEN is an age ("2m27s",
// "<unknown>") and the object is "pod/NAME" (kubectl 1.14+) or "NAME" is not accepted, so a
// describe table (TYPE REASON AGE FROM MESSAGE) is never misread as this one.
const RE2& row_pattern() {
  static const RE2 pattern(
      R"(^\s*(?:[a-z0-9][-a-z0-9]*\s+)?(?:[0-9]+[smhdy][0-9smhdy]*|<unknown>|<invalid>)\s+)"
      R"((Normal|Warning)\s+([A-Za-z]+)\s+([a-z.]+)/([^\s]+)\s+(.*?)\s*$)");
  return pattern;
}

}  // namespace

std::vector<EventFacts> parse_event_table(std::string_view text) {
  std::vector<EventFacts> events;
  for (std::string_view line : split(text, '\n')) {
    EventFacts event;
    std::string kind;
    if (!RE2::FullMatch(line, row_pattern(), &event.type, &event.reason, &kind, &event.object_name,
                        &event.message)) {
      continue;
    }
    // kubectl prints the resource's lower-case name ("pod", "node", "job.batch").
    event.object_kind = kind == "pod" ? "Pod" : kind == "node" ? "Node" : kind;
    events.push_back(std::move(event));
  }
  return events;
}

}  // namespace kexit::kube
