#include "agent/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "agent/metrics_registry.h"
#include "base/decimal_number.h"

namespace kexit::agent {
namespace {

void sample(std::string& out, const char* name, const char* type, const char* help, double value) {
  out += std::string("# HELP ") + name + " " + help + "\n";
  out += std::string("# TYPE ") + name + " " + type + "\n";
  out += std::string(name) + " " + format_sample_value(value) + "\n";
}

// Fields of /proc/self/stat after the command name (which may contain spaces).
std::vector<std::string> stat_fields() {
  std::ifstream file("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');
  std::vector<std::string> fields;
  if (close == std::string::npos) {
    return fields;
  }
  std::istringstream rest(text.substr(close + 1));
  std::string field;
  while (rest >> field) {
    fields.push_back(field);
  }
  return fields;
}

// Not std::stod: core code does not throw, and /proc is read as untrusted text; not strtod,
// which follows the locale's decimal point.
double to_number(const std::string& text) {
  auto number = parse_decimal_prefix(text);
  return number ? number->value : 0;
}

double boot_time_seconds() {
  std::ifstream file("/proc/stat");
  std::string key;
  double value = 0;
  while (file >> key) {
    if (key == "btime") {
      file >> value;
      return value;
    }
    file.ignore(1 << 20, '\n');
  }
  return 0;
}

}  // namespace

long long resident_memory_bytes() {
  std::ifstream file("/proc/self/statm");
  long long size = 0;
  long long resident = 0;
  if (!(file >> size >> resident)) {
    return 0;
  }
  return resident * sysconf(_SC_PAGESIZE);
}

void render_process_metrics(std::string& out) {
  std::ifstream statm("/proc/self/statm");
  long long size_pages = 0;
  long long resident_pages = 0;
  if (statm >> size_pages >> resident_pages) {
    long page = sysconf(_SC_PAGESIZE);
    sample(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
           static_cast<double>(resident_pages * page));
    sample(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
           static_cast<double>(size_pages * page));
  }
  // Fields after ")": state is index 0, so utime (field 14) is index 11, stime 12,
  // starttime (field 22) index 19.
  auto fields = stat_fields();
  long ticks = sysconf(_SC_CLK_TCK);
  if (fields.size() > 19 && ticks > 0) {
    double cpu = (to_number(fields[11]) + to_number(fields[12])) / static_cast<double>(ticks);
    sample(out, "process_cpu_seconds_total", "counter",
           "Total user and system CPU time spent in seconds.", cpu);
    double boot = boot_time_seconds();
    if (boot > 0) {
      sample(out, "process_start_time_seconds", "gauge",
             "Start time of the process since unix epoch in seconds.",
             boot + to_number(fields[19]) / static_cast<double>(ticks));
    }
  }
  std::error_code error;
  std::size_t open_fds = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", error), end; !error && it != end;
       it.increment(error)) {
    ++open_fds;
  }
  if (!error) {
    sample(out, "process_open_fds", "gauge", "Number of open file descriptors.",
           static_cast<double>(open_fds));
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    sample(out, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
           static_cast<double>(limit.rlim_cur));
  }
}

}  // namespace kexit::agent
