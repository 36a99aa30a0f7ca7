#pragma once
// The text of `kubectl get events` (with or without -A's NAMESPACE column), as pasted into
// tickets: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE.

#include <string_view>
#include <vector>

#include "kube/event_facts.h"

namespace kexit::kube {

// The Events of the lines that have the table's shape; other lines (the header, a prompt,
// `[...]`) are skipped. Ages stay unplaced: first_time and last_time are empty, because the
// table's ages count from a moment the text does not show.
std::vector<EventFacts> parse_event_table(std::string_view text);

}  // namespace kexit::kube
