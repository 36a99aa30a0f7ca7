#include "kube/api_time.h"

#include <cstdio>

namespace kexit::kube {
namespace {

bool read_digits(std::string_view text, std::size_t& position, std::size_t count, int& out) {
  if (position + count > text.size()) {
    return false;
  }
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    char c = text[position + i];
    if (c < '0' || c > '9') {
      return false;
    }
    value = value * 10 + (c - '0');
  }
  position += count;
  out = value;
  return true;
}

bool expect(std::string_view text, std::size_t& position, char wanted) {
  if (position >= text.size() || text[position] != wanted) {
    return false;
  }
  ++position;
  return true;
}

std::string format(TimePoint time, bool micro) {
  using namespace std::chrono;
  auto since_epoch = time.time_since_epoch();
  auto days_part = floor<days>(since_epoch);
  year_month_day date{sys_days(days_part)};
  auto in_day = since_epoch - days_part;
  auto hours_part = duration_cast<hours>(in_day);
  auto minutes_part = duration_cast<minutes>(in_day - hours_part);
  auto seconds_part = duration_cast<seconds>(in_day - hours_part - minutes_part);
  auto micros_part = duration_cast<microseconds>(in_day - hours_part - minutes_part - seconds_part);
  char buffer[64];
  if (micro) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ",
                  static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()), static_cast<int>(hours_part.count()),
                  static_cast<int>(minutes_part.count()), static_cast<int>(seconds_part.count()),
                  static_cast<long long>(micros_part.count()));
  } else {
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                  static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()), static_cast<int>(hours_part.count()),
                  static_cast<int>(minutes_part.count()), static_cast<int>(seconds_part.count()));
  }
  return buffer;
}

// RFC 3339 allows years 0000-9999, and Go's zero time is year 1; TimePoint's 64-bit
// nanoseconds hold only about 292 years either side of 1970 (year 9999 overflowed them, which
// is undefined behaviour), and kexit subtracts one time from another (an age, the span between
// a termination and an Event), so both must lie within 292 years of each other.
bool within_time_point_range(const std::chrono::year_month_day& date) {
  return date.year() >= std::chrono::year(1970) && date.year() <= std::chrono::year(2200);
}

}  // namespace

std::optional<TimePoint> parse_api_time(std::string_view text) {
  using namespace std::chrono;
  std::size_t position = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_digits(text, position, 4, year) || !expect(text, position, '-') ||
      !read_digits(text, position, 2, month) || !expect(text, position, '-') ||
      !read_digits(text, position, 2, day)) {
    return std::nullopt;
  }
  if (position >= text.size() || (text[position] != 'T' && text[position] != 't')) {
    return std::nullopt;
  }
  ++position;
  if (!read_digits(text, position, 2, hour) || !expect(text, position, ':') ||
      !read_digits(text, position, 2, minute) || !expect(text, position, ':') ||
      !read_digits(text, position, 2, second)) {
    return std::nullopt;
  }
  year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                      std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60 || !within_time_point_range(date)) {
    return std::nullopt;
  }
  nanoseconds fraction{0};
  if (position < text.size() && text[position] == '.') {
    ++position;
    long long scale = 100000000;
    std::size_t digits = 0;
    while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
      fraction += nanoseconds((text[position] - '0') * scale);
      scale /= 10;
      ++position;
      ++digits;
    }
    if (digits == 0) {
      return std::nullopt;
    }
  }
  minutes offset{0};
  if (position < text.size() && (text[position] == 'Z' || text[position] == 'z')) {
    ++position;
  } else if (position < text.size() && (text[position] == '+' || text[position] == '-')) {
    int sign = text[position] == '-' ? -1 : 1;
    ++position;
    int offset_hours = 0, offset_minutes = 0;
    if (!read_digits(text, position, 2, offset_hours) || !expect(text, position, ':') ||
        !read_digits(text, position, 2, offset_minutes)) {
      return std::nullopt;
    }
    offset = minutes(sign * (offset_hours * 60 + offset_minutes));
  } else {
    return std::nullopt;
  }
  if (position != text.size()) {
    return std::nullopt;
  }
  auto time = sys_days(date) + hours(hour) + minutes(minute) + seconds(second) + fraction - offset;
  return time_point_cast<TimePoint::duration>(time);
}

std::string format_api_time(TimePoint time) { return format(time, false); }

std::string format_api_micro_time(TimePoint time) { return format(time, true); }

}  // namespace kexit::kube
