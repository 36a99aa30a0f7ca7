#pragma once
// Reads the text of `kubectl describe pod` (one pod or several), as pasted into tickets, into
// the PodFacts of the JSON path: it rebuilds each Pod object and hands it to parse_pod.

#include <string>
#include <string_view>
#include <vector>

#include "base/expected.h"
#include "kube/pod_facts.h"

namespace kexit::kube {

// Whether the text has the shape of `kubectl describe pod` output: a "Name:" line (after any
// lines of junk) followed by the pod's own fields at the same indentation.
bool looks_like_describe(std::string_view text);

// Every pod of the text. `source` names the text in errors, which give the 1-based line.
// A text cut short gives what it holds, with a note in PodFacts::evidence_notes.
Expected<std::vector<PodFacts>> parse_describe(std::string_view text, const std::string& source);

}  // namespace kexit::kube
