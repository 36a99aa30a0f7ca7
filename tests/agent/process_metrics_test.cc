#include "agent/process_metrics.h"

#include <gtest/gtest.h>

namespace kexit::agent {
namespace {

TEST(ProcessMetrics, ReportsMemoryCpuAndFiles) {
  std::string out;
  render_process_metrics(out);
  EXPECT_NE(out.find("# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes "),
            std::string::npos);
  EXPECT_NE(out.find("process_cpu_seconds_total "), std::string::npos);
  EXPECT_NE(out.find("process_open_fds "), std::string::npos);
  EXPECT_NE(out.find("process_start_time_seconds "), std::string::npos);
  EXPECT_GT(resident_memory_bytes(), 0);
}

}  // namespace
}  // namespace kexit::agent
