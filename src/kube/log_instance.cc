#include "kube/log_instance.h"

#include "kube/api_time.h"

namespace kexit::kube {

std::optional<TimePoint> last_log_timestamp(std::string_view timestamped_log) {
  while (!timestamped_log.empty() && timestamped_log.back() == '\n') {
    timestamped_log.remove_suffix(1);
  }
  if (timestamped_log.empty()) {
    return std::nullopt;
  }
  std::size_t start = timestamped_log.rfind('\n');
  std::string_view line =
      start == std::string_view::npos ? timestamped_log : timestamped_log.substr(start + 1);
  return parse_api_time(line.substr(0, line.find(' ')));
}

std::string strip_log_timestamps(std::string_view timestamped_log) {
  std::string out;
  out.reserve(timestamped_log.size());
  while (!timestamped_log.empty()) {
    std::size_t end = timestamped_log.find('\n');
    std::string_view line = timestamped_log.substr(0, end);
    std::size_t space = line.find(' ');
    // Only a parseable stamp is removed: a line without one is kept whole.
    if (space != std::string_view::npos && parse_api_time(line.substr(0, space))) {
      line.remove_prefix(space + 1);
    }
    out.append(line);
    if (end == std::string_view::npos) {
      break;
    }
    out += '\n';
    timestamped_log.remove_prefix(end + 1);
  }
  return out;
}

bool written_after_termination(TimePoint last_line, TimePoint finished_at) {
  return last_line >= finished_at + std::chrono::seconds(1);
}

bool written_by_later_instance(TimePoint last_line, TimePoint finished_at,
                               std::optional<TimePoint> restarted_at) {
  if (restarted_at) {
    return last_line >= *restarted_at + std::chrono::seconds(1);
  }
  return last_line >= finished_at + kDrainMargin;
}

}  // namespace kexit::kube
