#include "kube/describe_events.h"

#include <cctype>
#include <utility>

#include "base/text.h"
#include "kube/api_time.h"
#include "kube/describe_legacy_events.h"
#include "kube/describe_time.h"
#include "kube/kubelet_event_text.h"

namespace kexit::kube {
namespace {

struct Row {
  std::string type;
  std::string reason;
  std::string age;
  std::string from;
  std::string message;
};

// Where each column of the header starts; all five or none.
struct Columns {
  std::size_t reason = 0, age = 0, from = 0, message = 0;
};

std::optional<Columns> header_columns(std::string_view header) {
  if (!starts_with(header, "Type")) {
    return std::nullopt;
  }
  Columns columns;
  columns.reason = header.find(" Reason");
  columns.age = header.find(" Age");
  columns.from = header.find(" From");
  columns.message = header.find(" Message");
  if (columns.reason == std::string_view::npos || columns.age == std::string_view::npos ||
      columns.from == std::string_view::npos || columns.message == std::string_view::npos) {
    return std::nullopt;
  }
  columns.reason += 1;
  columns.age += 1;
  columns.from += 1;
  columns.message += 1;
  return columns;
}

bool is_type(std::string_view type) { return type == "Normal" || type == "Warning"; }

// The cells by the header's columns, as kubectl's tabwriter aligns them.
std::optional<Row> row_by_columns(std::string_view text, const Columns& columns) {
  const std::size_t starts[] = {columns.reason, columns.age, columns.from, columns.message};
  for (std::size_t start : starts) {
    if (start >= text.size() || text[start - 1] != ' ' || text[start] == ' ') {
      return std::nullopt;
    }
  }
  Row row;
  row.type = std::string(trim(text.substr(0, columns.reason)));
  row.reason = std::string(trim(text.substr(columns.reason, columns.age - columns.reason)));
  row.age = std::string(trim(text.substr(columns.age, columns.from - columns.age)));
  row.from = std::string(trim(text.substr(columns.from, columns.message - columns.from)));
  row.message = std::string(trim(text.substr(columns.message)));
  if (!is_type(row.type) || !parse_describe_age(row.age)) {
    return std::nullopt;
  }
  return row;
}

std::vector<std::pair<std::size_t, std::string_view>> tokens(std::string_view text) {
  std::vector<std::pair<std::size_t, std::string_view>> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
      ++i;
    }
    std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') {
      ++i;
    }
    if (i > start) {
      out.emplace_back(start, text.substr(start, i - start));
    }
  }
  return out;
}

// The cells by words, for a table whose blanks were squeezed when it was pasted.
std::optional<Row> row_by_words(std::string_view text) {
  auto words = tokens(text);
  if (words.size() < 4 || !is_type(words[0].second)) {
    return std::nullopt;
  }
  Row row{std::string(words[0].second), std::string(words[1].second), std::string(words[2].second),
          "", ""};
  std::size_t next = 3;
  if (words.size() >= 7 && starts_with(words[3].second, "(x")) {
    for (; next < 6; ++next) {
      row.age += ' ';
      row.age += words[next].second;
    }
  }
  if (!parse_describe_age(row.age) || next >= words.size()) {
    return std::nullopt;
  }
  row.from = std::string(words[next].second);
  // "kubelet, node-1": older kubectl names the host after the component.
  if (ends_with(row.from, ",") && next + 1 < words.size()) {
    row.from += ' ';
    row.from += words[++next].second;
  }
  ++next;
  row.message = next < words.size() ? std::string(trim(text.substr(words[next].first))) : "";
  return row;
}

std::string format_before(std::optional<TimePoint> reference,
                          std::optional<std::chrono::seconds> age) {
  if (!reference || !age) {
    return "";
  }
  return format_api_time(*reference - *age);
}

EventFacts to_event(Row row, const DescribeNode& node,
                    const std::vector<DescribedContainer>& containers,
                    std::optional<TimePoint> reference) {
  for (const auto& more : node.children) {
    row.message += "\n" + more.text;
  }
  for (const auto& more : node.continuation) {
    row.message += "\n" + more;
  }
  EventFacts event;
  event.type = row.type;
  event.reason = row.reason;
  event.message = row.message;
  event.source = std::string(trim(row.from.substr(0, row.from.find(','))));
  auto age = parse_describe_age(row.age);
  event.count = age->count;
  event.last_time = format_before(reference, age->last);
  event.first_time = format_before(reference, age->first);
  event.object_kind = "Pod";
  event.field_path = field_path_named_in(event.message, containers);
  return event;
}

bool is_name_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

bool names_container(std::string_view message, std::string_view name) {
  std::string lower = to_lower(message);
  for (std::string_view lead : {"container ", "container: "}) {
    std::string wanted = std::string(lead) + std::string(name);
    for (std::size_t at = lower.find(wanted); at != std::string::npos;
         at = lower.find(wanted, at + 1)) {
      // The name as written (container names are lower-case DNS labels) and whole.
      std::size_t end = at + wanted.size();
      if (message.substr(at + lead.size(), name.size()) == name &&
          (end == message.size() || !is_name_character(message[end]))) {
        return true;
      }
    }
  }
  return false;
}

// An Events table pasted without its header line: read only when every row reads by
// words (a Type first, then Reason, Age, From), so another layout is never half-read.
std::optional<DescribedEvents> read_headerless_events(
    const DescribeNode& table, const std::vector<DescribedContainer>& containers,
    std::optional<TimePoint> reference, int last_line) {
  DescribedEvents out;
  for (const DescribeNode& node : table.children) {
    auto row = row_by_words(node.text);
    if (!row) {
      if (node.line == last_line && !out.events.empty()) {
        out.notes.push_back("the last Event row (line " + std::to_string(node.line) +
                            ") is cut short and was left out");
        continue;
      }
      return std::nullopt;
    }
    out.events.push_back(to_event(std::move(*row), node, containers, reference));
  }
  out.notes.push_back("the Events table (line " + std::to_string(table.line) +
                      ") has no header line; its rows were read word by word");
  return out;
}
// Kubelet messages quoted under "Events:" without any table's columns (a thread's condensed
// paste); nullopt when there are none, so the caller's note stands.
std::optional<DescribedEvents> read_quoted_kubelet_messages(
    const DescribeNode& table, const std::vector<DescribedContainer>& containers) {
  std::string text = table.value;
  for (const auto& node : table.children) {
    text += "\n" + node.text;
  }
  for (const auto& line : table.continuation) {
    text += "\n" + line;
  }
  DescribedEvents out;
  out.events = parse_kubelet_event_lines(text);
  for (auto& event : out.events) {
    event.field_path = field_path_named_in(event.message, containers);
  }
  if (out.events.empty()) {
    return std::nullopt;
  }
  out.notes.push_back("the Events (line " + std::to_string(table.line) +
                      ") are in no kubectl layout; only the kubelet messages quoted in them "
                      "were read");
  return out;
}

}  // namespace

std::string field_path_named_in(const std::string& message,
                                const std::vector<DescribedContainer>& containers) {
  std::string found;
  for (const auto& container : containers) {
    if (names_container(message, container.name)) {
      if (!found.empty()) {
        return "";  // several: the Event is about the pod
      }
      found = container.spec_field + "{" + container.name + "}";
    }
  }
  return found;
}

Expected<DescribedEvents> read_describe_events(const DescribeNode& table,
                                               const std::vector<DescribedContainer>& containers,
                                               std::optional<TimePoint> reference,
                                               const std::string& source, const std::string& pod,
                                               int last_line) {
  DescribedEvents out;
  if (table.children.empty()) {
    // "Events: <none>", cut right after the heading, or a message pasted after it.
    return read_quoted_kubelet_messages(table, containers).value_or(out);
  }
  auto columns = header_columns(table.children.front().text);
  if (!columns) {
    if (auto legacy = read_legacy_describe_events(table, containers, reference)) {
      return std::move(*legacy);
    }
    if (auto headerless = read_headerless_events(table, containers, reference, last_line)) {
      return std::move(*headerless);
    }
    // A message on the heading's own line is a condensed paste, not a table's first row.
    if (auto quoted = read_quoted_kubelet_messages(table, containers);
        quoted && !table.value.empty()) {
      return std::move(*quoted);
    }
    out.notes.push_back("the Events table (line " + std::to_string(table.line) +
                        ") is not in the Type, Reason, Age, From, Message layout of kubectl "
                        "1.10 and later; its Events were not read");
    return out;
  }
  for (std::size_t i = 1; i < table.children.size(); ++i) {
    const DescribeNode& node = table.children[i];
    if (node.text.find_first_not_of("- ") == std::string::npos) {
      continue;  // the rule under the header
    }
    auto row = row_by_columns(node.text, *columns);
    if (!row) {
      row = row_by_words(node.text);
    }
    if (!row) {
      if (node.line == last_line) {
        out.notes.push_back("the last Event row (line " + std::to_string(node.line) +
                            ") is cut short and was left out");
        continue;
      }
      return describe_error(source, node.line,
                            "cannot read this row of the Events table (expected Type, Reason, "
                            "Age, From, Message)",
                            pod);
    }
    out.events.push_back(to_event(std::move(*row), node, containers, reference));
  }
  return out;
}

}  // namespace kexit::kube
