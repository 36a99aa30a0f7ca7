#pragma once
// What changed before a workload crashed, as the report shows it: a short "what changed"
// section in text, and `workloadChanges` in the JSON document.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kube/workload_changes.h"

namespace kexit::report {

// {"workload", "namespace", "terminations", "firstTermination", "lastTermination",
//  "windowStart", "changes": [{"kind", "time", "object", "summary", "details"}], "notes"}.
nlohmann::ordered_json workload_changes_document(const kube::WorkloadChanges& changes);

// One block per workload with changes or notes: the episode, then each change oldest first with
// its differences.
std::string render_workload_changes_text(const std::vector<kube::WorkloadChanges>& workloads);

}  // namespace kexit::report
