#include "kube/describe_time.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "base/text.h"

namespace kexit::kube {
namespace {

using std::chrono::seconds;

std::optional<int> month_number(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (name == kMonths[i]) {
      return static_cast<int>(i + 1);
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::string_view part : split(text, ' ')) {
    if (!part.empty()) {
      out.push_back(part);
    }
  }
  return out;
}

std::optional<int> number(std::string_view text) {
  long long value = 0;
  if (!parse_int(text, value) || value < 0 || value > 1000000) {
    return std::nullopt;
  }
  return static_cast<int>(value);
}

// "10:00:00" as seconds into the day.
std::optional<seconds> clock_time(std::string_view text) {
  std::vector<std::string_view> parts = split(text, ':');
  if (parts.size() != 3) {
    return std::nullopt;
  }
  auto hour = number(parts[0]);
  auto minute = number(parts[1]);
  auto second = number(parts[2]);
  if (!hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  return seconds(*hour * 3600 + *minute * 60 + *second);
}

// "+0900" or "-0700" as the offset east of UTC.
std::optional<seconds> zone_offset(std::string_view text) {
  if (text == "UTC" || text == "GMT" || text == "Z") {
    return seconds(0);
  }
  if (text.size() != 5 || (text[0] != '+' && text[0] != '-')) {
    return std::nullopt;
  }
  auto hours = number(text.substr(1, 2));
  auto minutes = number(text.substr(3, 2));
  if (!hours || !minutes) {
    return std::nullopt;
  }
  seconds offset(*hours * 3600 + *minutes * 60);
  return text[0] == '-' ? -offset : offset;
}

// No Event is older than Kubernetes (2014), so a longer age is no kubectl output. The bound
// also keeps every age subtracted from a reference time (1970 to 2200, give or take a zone)
// inside TimePoint's 64-bit nanoseconds, about 292 years either side of 1970: 999y did
// overflow, a signed overflow that made an Event's time 2197.
constexpr seconds kMaxAge(200LL * 365 * 86400);

// "3m12s" (Go's duration.HumanDuration: y, d, h, m, s); an age above kMaxAge is kMaxAge + 1 s,
// so that the sum cannot overflow however many units the text holds.
std::optional<seconds> human_duration(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  long long total = 0;
  long long value = -1;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      value = (value < 0 ? 0 : value) * 10 + (c - '0');
      if (value > 100000000) {
        return std::nullopt;
      }
      continue;
    }
    static constexpr std::string_view kUnits = "smhdy";
    static constexpr std::array<long long, 5> kSeconds = {1, 60, 3600, 86400, 365 * 86400};
    std::size_t unit = kUnits.find(c);
    if (unit == std::string_view::npos || value < 0) {
      return std::nullopt;
    }
    total = std::min<long long>(total + value * kSeconds[unit], kMaxAge.count() + 1);
    value = -1;
  }
  if (value >= 0) {
    return std::nullopt;
  }
  return seconds(total);
}

std::optional<seconds> single_age(std::string_view text, bool& ok) {
  ok = true;
  if (text == "<unknown>" || text == "<invalid>") {
    return std::nullopt;
  }
  auto age = human_duration(text);
  ok = age.has_value();
  // Read as kubectl's "<unknown>": the row is still an Event, its time is not known.
  return age && *age <= kMaxAge ? age : std::nullopt;
}

struct DescribeTimeParts {
  std::chrono::year_month_day date;
  seconds in_day;
  seconds offset;
};

std::optional<DescribeTimeParts> time_parts(std::string_view text) {
  std::vector<std::string_view> parts = words(trim(text));
  // The weekday ("Mon,") is optional.
  if (!parts.empty() && ends_with(parts[0], ",")) {
    parts.erase(parts.begin());
  }
  if (parts.size() != 5) {
    return std::nullopt;
  }
  auto day = number(parts[0]);
  auto month = month_number(parts[1]);
  auto year = number(parts[2]);
  auto in_day = clock_time(parts[3]);
  auto offset = zone_offset(parts[4]);
  if (!day || !month || !year || !in_day || !offset) {
    return std::nullopt;
  }
  std::chrono::year_month_day date{std::chrono::year(*year),
                                   std::chrono::month(static_cast<unsigned>(*month)),
                                   std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) {
    return std::nullopt;
  }
  return DescribeTimeParts{date, *in_day, *offset};
}

}  // namespace

std::optional<TimePoint> parse_describe_time(std::string_view text) {
  auto parts = time_parts(text);
  // TimePoint counts nanoseconds in 64 bits: it ends in 2262.
  if (!parts || parts->date.year() < std::chrono::year(1970) ||
      parts->date.year() > std::chrono::year(2200)) {
    return std::nullopt;
  }
  return TimePoint(std::chrono::sys_days(parts->date).time_since_epoch() + parts->in_day -
                   parts->offset);
}

bool is_unset_describe_time(std::string_view text) {
  auto parts = time_parts(text);
  return parts && parts->date.year() < std::chrono::year(1970);
}

std::optional<DescribeAge> parse_describe_age(std::string_view text) {
  std::vector<std::string_view> parts = words(trim(text));
  DescribeAge age;
  bool ok = false;
  if (parts.size() == 1) {
    age.last = single_age(parts[0], ok);
    age.first = age.last;
    return ok ? std::optional<DescribeAge>(age) : std::nullopt;
  }
  // "2m (x3 over 10m)": last seen 2m ago, 3 times, first 10m ago.
  if (parts.size() != 4 || !starts_with(parts[1], "(x") || parts[2] != "over" ||
      !ends_with(parts[3], ")")) {
    return std::nullopt;
  }
  auto count = number(parts[1].substr(2));
  age.last = single_age(parts[0], ok);
  if (!count || !ok) {
    return std::nullopt;
  }
  age.count = *count;
  age.first = single_age(parts[3].substr(0, parts[3].size() - 1), ok);
  return ok ? std::optional<DescribeAge>(age) : std::nullopt;
}

}  // namespace kexit::kube
