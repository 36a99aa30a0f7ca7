#pragma once
// The Events table of `kubectl describe pod` (Type, Reason, Age, From, Message) as EventFacts.

#include <optional>
#include <string>
#include <vector>

#include "base/expected.h"
#include "kube/clock.h"
#include "kube/describe_layout.h"
#include "kube/event_facts.h"

namespace kexit::kube {

// A container of the pod, for telling which Events are about it: describe shows no field paths.
struct DescribedContainer {
  std::string name;
  // "spec.containers" or "spec.initContainers".
  std::string spec_field;
};

struct DescribedEvents {
  std::vector<EventFacts> events;
  // What could not be read and was left out, for PodFacts::evidence_notes.
  std::vector<std::string> notes;
};

// The rows below `table` (the "Events:" field). Ages become times before `reference` (the newest
// absolute time of the text) when there is one, else the times stay empty. A row that cannot be
// read is an error naming its line, unless it is the text's last line (`last_line`), which a cut
// may have left half.
Expected<DescribedEvents> read_describe_events(const DescribeNode& table,
                                               const std::vector<DescribedContainer>& containers,
                                               std::optional<TimePoint> reference,
                                               const std::string& source, const std::string& pod,
                                               int last_line);

// The field path of the one container an Event's message names ("Container web failed liveness
// probe", "Back-off restarting failed container web in pod ..."); empty when it names none.
std::string field_path_named_in(const std::string& message,
                                const std::vector<DescribedContainer>& containers);

}  // namespace kexit::kube
