#pragma once
// The standard Prometheus process metrics (process_resident_memory_bytes, ...), read from
// /proc/self on Linux.

#include <string>

namespace kexit::agent {

// Appends process_resident_memory_bytes, process_virtual_memory_bytes,
// process_cpu_seconds_total, process_open_fds, process_max_fds and process_start_time_seconds;
// those that cannot be read are left out.
void render_process_metrics(std::string& out);

// Resident set size in bytes, 0 when unknown.
long long resident_memory_bytes();

}  // namespace kexit::agent
