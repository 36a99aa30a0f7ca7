#pragma once
// Kubelet Event messages quoted without the table around them ("Container web failed liveness
// probe, will be restarted", "Back-off restarting failed container"), as EventFacts.

#include <string_view>
#include <vector>

#include "kube/event_facts.h"

namespace kexit::kube {

// One Event for each line that holds a message the kubelet writes from a fixed template, with
// the reason and type the kubelet records it under, so rules about Events see a message that
// was copied alone. The message runs from the template's first word to the end of the line,
// without describe's "(x4 over 2m8s)"; a line holding none of the templates is skipped.
std::vector<EventFacts> parse_kubelet_event_lines(std::string_view text);

}  // namespace kexit::kube
