#pragma once
// SummaryTable: what `kexit inspect` prints for several containers, as kubectl prints a list:
// one row per termination, newest first, then the top cause and any node-level correlation.

#include <chrono>
#include <string>
#include <vector>

#include "base/expected.h"
#include "diagnose/diagnosis.h"
#include "knowledge/knowledge_model.h"
#include "report/painter.h"

namespace kexit::report {

// --sort-by: the column the rows are sorted on, ascending as kubectl sorts (age ascending is
// the newest first); ties keep the default order.
enum class SortKey { kAge, kRestarts, kNamespace, kPod, kCause, kExit };

// "age", "restarts", "namespace", "pod", "cause" or "exit"; anything else is an error that
// lists them.
Expected<SortKey> parse_sort_key(const std::string& text);

struct SummaryOptions {
  // -o wide: also IMAGE, NODE, REASON and RULE.
  bool wide = false;
  // --no-headers: the rows alone, for scripts: no header, no summary or correlation lines.
  bool headers = true;
  SortKey sort = SortKey::kAge;
  // CAUSE and CONFIDENCE in the single report's colours (--color, NO_COLOR, TERM=dumb decide).
  Color color = Color::kNo;
};

// The table, then "3 of 12 containers: oom-killed; ..." and one line per correlated group
// (report/termination_correlation.h). Ages are measured from `now`.
std::string render_summary_table(const std::vector<diagnose::ContainerDiagnosis>& containers,
                                 const SummaryOptions& options,
                                 std::chrono::system_clock::time_point now);

// "3 of 12 containers: oom-killed; 2: evicted; 2: liveness-probe-kill; 5 more: 4 other causes":
// the causes by how many containers have them, then by slug. Empty for no container.
std::string top_cause_line(const std::vector<diagnose::ContainerDiagnosis>& containers);

// An error listing the known slugs when `slug` is not a cause of the knowledge base (--cause).
Expected<std::string> known_cause(const knowledge::KnowledgeSet& knowledge,
                                  const std::string& slug);

}  // namespace kexit::report
