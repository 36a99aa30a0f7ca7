#include "report/summary_table.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "base/text.h"
#include "report/tab_table.h"
#include "report/termination_correlation.h"
#include "report/termination_row.h"

namespace kexit::report {
namespace {

// How many causes the top-cause line names before it counts the rest.
constexpr std::size_t kNamedCauses = 3;

const std::vector<std::pair<std::string, SortKey>>& sort_keys() {
  static const std::vector<std::pair<std::string, SortKey>> kKeys = {
      {"age", SortKey::kAge}, {"restarts", SortKey::kRestarts}, {"namespace", SortKey::kNamespace},
      {"pod", SortKey::kPod}, {"cause", SortKey::kCause},       {"exit", SortKey::kExit}};
  return kKeys;
}

// The default order: newest termination first (rows without a time last), then by name, so
// the order never depends on the order the API listed the pods in.
bool newer_first(const TerminationRow& a, const TerminationRow& b) {
  if (a.finished != b.finished) {
    if (!a.finished || !b.finished) {
      return a.finished.has_value();
    }
    return *a.finished > *b.finished;
  }
  return std::tie(a.namespace_name, a.pod, a.container) <
         std::tie(b.namespace_name, b.pod, b.container);
}

// Ascending on the chosen column; false when the column does not tell a and b apart.
bool column_less(const TerminationRow& a, const TerminationRow& b, SortKey key) {
  switch (key) {
    case SortKey::kAge:
      return false;
    case SortKey::kRestarts:
      return a.restarts < b.restarts;
    case SortKey::kNamespace:
      return a.namespace_name < b.namespace_name;
    case SortKey::kPod:
      return a.pod < b.pod;
    case SortKey::kCause:
      return a.cause < b.cause;
    case SortKey::kExit:
      // Containers without an exit code after those with one.
      if (a.exit_code.has_value() != b.exit_code.has_value()) {
        return a.exit_code.has_value();
      }
      return a.exit_code && *a.exit_code < *b.exit_code;
  }
  return false;
}

void sort_rows(std::vector<TerminationRow>& rows, SortKey key) {
  std::sort(rows.begin(), rows.end(), [key](const TerminationRow& a, const TerminationRow& b) {
    if (column_less(a, b, key)) {
      return true;
    }
    if (column_less(b, a, key)) {
      return false;
    }
    return newer_first(a, b);
  });
}

TableRow header(bool wide) {
  TableRow row = {"NAMESPACE", "POD",        "CONTAINER", "EXIT",
                  "CAUSE",     "CONFIDENCE", "RESTARTS",  "LAST TERMINATION"};
  if (wide) {
    row.insert(row.end(), {"IMAGE", "NODE", "REASON", "RULE"});
  }
  return row;
}

// kubectl shows an empty value as <none>.
std::string or_none(const std::string& text) { return text.empty() ? "<none>" : text; }

TableRow cells(const TerminationRow& row, bool wide, std::chrono::system_clock::time_point now) {
  TableRow cells = {row.namespace_name,
                    row.pod,
                    row.container,
                    row.exit,
                    or_none(row.cause),
                    or_none(row.confidence),
                    std::to_string(row.restarts),
                    age_text(row, now)};
  if (wide) {
    cells.insert(cells.end(),
                 {or_none(row.image), or_none(row.node), or_none(row.reason), or_none(row.rule)});
  }
  return cells;
}

// The CAUSE and CONFIDENCE cells of the rows (after the header, if any) as the single report
// paints its headline: the cause bold, the confidence by its level.
CellPainter row_painter(const std::vector<TerminationRow>& rows, bool headers,
                        const Painter& painter) {
  constexpr std::size_t kCauseColumn = 4;
  constexpr std::size_t kConfidenceColumn = 5;
  return [&rows, headers, painter](std::size_t index, std::size_t column, const std::string& cell) {
    if (headers && index == 0) {
      return cell;
    }
    const TerminationRow& row = rows[index - (headers ? 1 : 0)];
    if (column == kCauseColumn && !row.cause.empty()) {
      return painter.bold(cell);
    }
    if (column == kConfidenceColumn && row.level) {
      return painter.level(*row.level, cell);
    }
    return cell;
  };
}

}  // namespace

Expected<SortKey> parse_sort_key(const std::string& text) {
  std::string names;
  for (const auto& [name, key] : sort_keys()) {
    if (name == text) {
      return key;
    }
    names += (names.empty() ? "" : ", ") + name;
  }
  return Error{"cannot sort by \"" + text + "\"; use one of " + names, "--sort-by"};
}

std::string top_cause_line(const std::vector<diagnose::ContainerDiagnosis>& containers) {
  if (containers.empty()) {
    return "";
  }
  std::map<std::string, std::size_t> counts;
  for (const auto& container : containers) {
    ++counts[container.diagnoses.empty() ? "<none>" : container.diagnoses.front().cause];
  }
  std::vector<std::pair<std::string, std::size_t>> ranked(counts.begin(), counts.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string line = std::to_string(ranked[0].second) + " of " + std::to_string(containers.size()) +
                     " containers: " + ranked[0].first;
  std::size_t rest = containers.size() - ranked[0].second;
  for (std::size_t i = 1; i < ranked.size() && i < kNamedCauses; ++i) {
    line += "; " + std::to_string(ranked[i].second) + ": " + ranked[i].first;
    rest -= ranked[i].second;
  }
  if (ranked.size() > kNamedCauses) {
    const std::size_t others = ranked.size() - kNamedCauses;
    line += "; " + std::to_string(rest) + " more: " + std::to_string(others) +
            (others == 1 ? " other cause" : " other causes");
  }
  return line;
}

std::string render_summary_table(const std::vector<diagnose::ContainerDiagnosis>& containers,
                                 const SummaryOptions& options,
                                 std::chrono::system_clock::time_point now) {
  std::vector<TerminationRow> rows;
  rows.reserve(containers.size());
  for (const auto& container : containers) {
    rows.push_back(termination_row(container));
  }
  sort_rows(rows, options.sort);
  std::vector<TableRow> table;
  if (options.headers) {
    table.push_back(header(options.wide));
  }
  for (const auto& row : rows) {
    table.push_back(cells(row, options.wide, now));
  }
  std::string out =
      render_tab_table(table, row_painter(rows, options.headers, Painter(options.color)));
  if (!options.headers || rows.empty()) {
    return out;
  }
  out += "\n" + top_cause_line(containers) + "\n";
  for (const auto& group : correlate_terminations(rows)) {
    out += correlation_line(group) + "\n";
  }
  return out;
}

Expected<std::string> known_cause(const knowledge::KnowledgeSet& knowledge,
                                  const std::string& slug) {
  if (knowledge.find_cause(slug) != nullptr) {
    return slug;
  }
  return Error{
      "unknown cause \"" + slug + "\"; known causes: " + join(knowledge.cause_slugs(), ", "),
      "--cause"};
}

}  // namespace kexit::report
