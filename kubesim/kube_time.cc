#include "kubesim/kube_time.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "base/decimal_number.h"
#include "base/text.h"

namespace kexit::kubesim {
namespace {

std::string format_with_fraction(TimePoint time, int digits, bool trim_zeros) {
  auto since_epoch = time.time_since_epoch();
  auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch - seconds).count();
  std::time_t whole = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  gmtime_r(&whole, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  std::string text = buffer;
  if (digits > 0) {
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, "%09lld", static_cast<long long>(nanos));
    std::string part(fraction, static_cast<std::size_t>(digits));
    if (trim_zeros) {
      while (!part.empty() && part.back() == '0') {
        part.pop_back();
      }
    }
    if (!part.empty()) {
      text += "." + part;
    }
  }
  return text + "Z";
}

bool read_digits(std::string_view text, std::size_t& position, std::size_t count, int& out) {
  if (position + count > text.size()) {
    return false;
  }
  out = 0;
  for (std::size_t i = 0; i < count; ++i) {
    char c = text[position + i];
    if (c < '0' || c > '9') {
      return false;
    }
    out = out * 10 + (c - '0');
  }
  position += count;
  return true;
}

bool expect_char(std::string_view text, std::size_t& position, char c) {
  if (position >= text.size() || text[position] != c) {
    return false;
  }
  ++position;
  return true;
}

}  // namespace

std::string format_time(TimePoint time) { return format_with_fraction(time, 0, false); }

std::string format_micro_time(TimePoint time) { return format_with_fraction(time, 6, false); }

std::string format_nano_time(TimePoint time) { return format_with_fraction(time, 9, true); }

std::optional<TimePoint> parse_time(std::string_view text) {
  std::size_t position = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_digits(text, position, 4, year) || !expect_char(text, position, '-') ||
      !read_digits(text, position, 2, month) || !expect_char(text, position, '-') ||
      !read_digits(text, position, 2, day) ||
      !(expect_char(text, position, 'T') || expect_char(text, position, 't')) ||
      !read_digits(text, position, 2, hour) || !expect_char(text, position, ':') ||
      !read_digits(text, position, 2, minute) || !expect_char(text, position, ':') ||
      !read_digits(text, position, 2, second)) {
    return std::nullopt;
  }
  long long nanos = 0;
  if (position < text.size() && text[position] == '.') {
    ++position;
    int digits = 0;
    while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
      if (digits < 9) {
        nanos = nanos * 10 + (text[position] - '0');
        ++digits;
      }
      ++position;
    }
    if (digits == 0) {
      return std::nullopt;
    }
    for (; digits < 9; ++digits) {
      nanos *= 10;
    }
  }
  long long offset_seconds = 0;
  if (position < text.size() && (text[position] == 'Z' || text[position] == 'z')) {
    ++position;
  } else if (position < text.size() && (text[position] == '+' || text[position] == '-')) {
    int sign = text[position] == '-' ? -1 : 1;
    ++position;
    int offset_hours = 0, offset_minutes = 0;
    if (!read_digits(text, position, 2, offset_hours) || !expect_char(text, position, ':') ||
        !read_digits(text, position, 2, offset_minutes)) {
      return std::nullopt;
    }
    offset_seconds = sign * (offset_hours * 3600LL + offset_minutes * 60LL);
  } else {
    return std::nullopt;
  }
  if (position != text.size() || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::chrono::year_month_day date{std::chrono::year{year},
                                   std::chrono::month{static_cast<unsigned>(month)},
                                   std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) {
    return std::nullopt;
  }
  auto since_epoch = std::chrono::sys_days(date).time_since_epoch() + std::chrono::hours(hour) +
                     std::chrono::minutes(minute) + std::chrono::seconds(second) -
                     std::chrono::seconds(offset_seconds) + std::chrono::nanoseconds(nanos);
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(since_epoch));
}

std::string human_duration(std::chrono::nanoseconds duration) {
  long long seconds = std::chrono::duration_cast<std::chrono::seconds>(duration).count();
  if (seconds < -1) {
    return "<invalid>";
  }
  if (seconds < 0) {
    return "0s";
  }
  if (seconds < 60 * 2) {
    return std::to_string(seconds) + "s";
  }
  long long minutes = seconds / 60;
  if (minutes < 10) {
    long long rest = seconds % 60;
    return rest == 0 ? std::to_string(minutes) + "m"
                     : std::to_string(minutes) + "m" + std::to_string(rest) + "s";
  }
  if (minutes < 60 * 3) {
    return std::to_string(minutes) + "m";
  }
  long long hours = seconds / 3600;
  if (hours < 8) {
    long long rest = minutes % 60;
    return rest == 0 ? std::to_string(hours) + "h"
                     : std::to_string(hours) + "h" + std::to_string(rest) + "m";
  }
  if (hours < 48) {
    return std::to_string(hours) + "h";
  }
  if (hours < 24 * 8) {
    long long rest = hours % 24;
    return rest == 0 ? std::to_string(hours / 24) + "d"
                     : std::to_string(hours / 24) + "d" + std::to_string(rest) + "h";
  }
  if (hours < 24 * 365 * 2) {
    return std::to_string(hours / 24) + "d";
  }
  if (hours < 24 * 365 * 8) {
    long long days = (hours / 24) % 365;
    return days == 0 ? std::to_string(hours / 24 / 365) + "y"
                     : std::to_string(hours / 24 / 365) + "y" + std::to_string(days) + "d";
  }
  return std::to_string(hours / 24 / 365) + "y";
}

std::string age_since(const std::optional<TimePoint>& time, TimePoint now) {
  if (!time) {
    return "<unknown>";
  }
  return human_duration(now - *time);
}

Expected<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::string_view rest = trim(text);
  if (rest == "0") {
    return std::chrono::milliseconds(0);
  }
  if (rest.empty()) {
    return Error{"empty duration; write e.g. \"2s\", \"1m30s\" or \"500ms\""};
  }
  double total_ms = 0;
  while (!rest.empty()) {
    std::size_t digits = 0;
    while (digits < rest.size() &&
           ((rest[digits] >= '0' && rest[digits] <= '9') || rest[digits] == '.')) {
      ++digits;
    }
    if (digits == 0) {
      return Error{"invalid duration \"" + std::string(text) +
                   "\"; write e.g. \"2s\", \"1m30s\" or \"500ms\""};
    }
    auto prefix = parse_decimal_prefix(rest.substr(0, digits));
    double number = prefix ? prefix->value : 0;
    rest.remove_prefix(digits);
    std::size_t unit_length = 0;
    while (unit_length < rest.size() &&
           std::isalpha(static_cast<unsigned char>(rest[unit_length]))) {
      ++unit_length;
    }
    std::string_view unit = rest.substr(0, unit_length);
    rest.remove_prefix(unit_length);
    double scale = 0;
    if (unit == "ms") {
      scale = 1;
    } else if (unit == "s") {
      scale = 1000;
    } else if (unit == "m") {
      scale = 60 * 1000;
    } else if (unit == "h") {
      scale = 3600 * 1000;
    } else {
      return Error{"invalid duration \"" + std::string(text) + "\": unknown unit \"" +
                   std::string(unit) + "\"; use ms, s, m or h"};
    }
    total_ms += number * scale;
  }
  return std::chrono::milliseconds(static_cast<long long>(total_ms + 0.5));
}

}  // namespace kexit::kubesim
