#include "kube/describe_legacy_events.h"

#include <re2/re2.h>

#include <cctype>

#include "base/text.h"
#include "kube/api_time.h"
#include "kube/describe_time.h"

namespace kexit::kube {
namespace {

// A FirstSeen or LastSeen cell: an RFC 1123 time (1.0-1.1), an age (1.2-1.9) or kubectl's
// "<invalid>" for a clock skew.
constexpr const char* kSeen =
    R"((?:[A-Z][a-z]{2}, [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [-+][0-9]{4})"
    R"(|[0-9]+[smhdy][0-9smhdy]*|<invalid>|<unknown>))";

// From is "{scheduler }", "{kubelet node-1}" (to 1.4) or "kubelet, node-1" (1.5-1.9); the
// SubobjectPath is empty for the pod as a whole; Type appeared in 1.2.
const RE2& row_pattern() {
  static const RE2 pattern(std::string(R"(^\s*()") + kSeen + R"()\s+()" + kSeen +
                           R"()\s+([0-9]{1,9})\s+(\{[^}]*\}|[^\s,]+, \S+|\S+)\s+)"
                           R"((?:(spec\.\S+)\s+)?(?:(Normal|Warning)\s+)?([A-Za-z]+)\s+(.*?)\s*$)");
  return pattern;
}

bool is_legacy_header(std::string_view line) {
  std::string squeezed;
  for (char c : line) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      squeezed += c;
    }
  }
  squeezed = to_lower(squeezed);
  return starts_with(squeezed, "firstseenlastseencountfromsubobjectpath");
}

std::string time_of(std::string_view cell, std::optional<TimePoint> reference) {
  if (auto absolute = parse_describe_time(cell)) {
    return format_api_time(*absolute);
  }
  auto age = parse_describe_age(cell);
  if (!reference || !age || !age->last) {
    return "";
  }
  return format_api_time(*reference - *age->last);
}

// Kubernetes 1.0 and 1.1 spelled reasons in lowerCamelCase ("failedScheduling", "killing");
// 1.2 capitalised them (pkg/kubelet/container/event.go), the spelling rules use.
std::string capitalised(std::string reason) {
  if (!reason.empty()) {
    reason[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(reason[0])));
  }
  return reason;
}

std::optional<EventFacts> read_row(const DescribeNode& node,
                                   const std::vector<DescribedContainer>& containers,
                                   std::optional<TimePoint> reference) {
  std::string first, last, from, path, type, reason, message;
  int count = 1;
  if (!RE2::FullMatch(node.text, row_pattern(), &first, &last, &count, &from, &path, &type, &reason,
                      &message)) {
    return std::nullopt;
  }
  for (const auto& more : node.children) {
    message += "\n" + more.text;
  }
  for (const auto& more : node.continuation) {
    message += "\n" + more;
  }
  EventFacts event;
  event.type = type;
  event.reason = capitalised(reason);
  event.message = message;
  std::string component(trim(from));
  if (starts_with(component, "{")) {
    component = component.substr(1, component.find_first_of(" }") - 1);
  }
  event.source = std::string(trim(component.substr(0, component.find(','))));
  event.count = count;
  event.first_time = time_of(first, reference);
  event.last_time = time_of(last, reference);
  event.object_kind = "Pod";
  event.field_path = !path.empty() ? path : field_path_named_in(message, containers);
  return event;
}

}  // namespace

std::optional<DescribedEvents> read_legacy_describe_events(
    const DescribeNode& table, const std::vector<DescribedContainer>& containers,
    std::optional<TimePoint> reference) {
  if (table.children.empty() || !is_legacy_header(table.children.front().text)) {
    return std::nullopt;
  }
  DescribedEvents out;
  for (std::size_t i = 1; i < table.children.size(); ++i) {
    const DescribeNode& node = table.children[i];
    if (node.text.find_first_not_of("-\t ") == std::string::npos) {
      continue;  // the rule under the header
    }
    if (auto event = read_row(node, containers, reference)) {
      out.events.push_back(std::move(*event));
      continue;
    }
    out.notes.push_back("the Event row on line " + std::to_string(node.line) +
                        " does not have the columns of the pre-1.10 Events table and was left out");
  }
  return out;
}

}  // namespace kexit::kube
