#include "report/human_duration.h"

namespace kexit::report {
namespace {

// "2d" or "2d3h": a whole unit, and the next smaller one when it is not zero.
std::string units(long long major, const char* major_unit, long long minor,
                  const char* minor_unit) {
  std::string text = std::to_string(major) + major_unit;
  if (minor != 0) {
    text += std::to_string(minor) + minor_unit;
  }
  return text;
}

}  // namespace

// The thresholds are kubectl's: seconds below 2 minutes, minutes (with seconds below 10) below
// 3 hours, hours (with minutes below 8) below 2 days, days (with hours below 8) below 2 years,
// then years (with days below 8).
std::string human_duration(std::chrono::system_clock::duration age) {
  using std::chrono::duration_cast;
  // Go truncates toward zero, as duration_cast does.
  const long long seconds = duration_cast<std::chrono::seconds>(age).count();
  if (seconds < -1) {
    return "<invalid>";
  }
  if (seconds < 0) {
    return "0s";
  }
  if (seconds < 60 * 2) {
    return std::to_string(seconds) + "s";
  }
  const long long minutes = seconds / 60;
  if (minutes < 10) {
    return units(minutes, "m", seconds % 60, "s");
  }
  if (minutes < 60 * 3) {
    return std::to_string(minutes) + "m";
  }
  const long long hours = minutes / 60;
  if (hours < 8) {
    return units(hours, "h", minutes % 60, "m");
  }
  if (hours < 48) {
    return std::to_string(hours) + "h";
  }
  if (hours < 24 * 8) {
    return units(hours / 24, "d", hours % 24, "h");
  }
  if (hours < 24 * 365 * 2) {
    return std::to_string(hours / 24) + "d";
  }
  if (hours < 24 * 365 * 8) {
    return units(hours / 24 / 365, "y", (hours / 24) % 365, "d");
  }
  return std::to_string(hours / 24 / 365) + "y";
}

}  // namespace kexit::report
