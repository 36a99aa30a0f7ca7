#include "agent/timed_evidence_reader.h"

#include <gtest/gtest.h>

#include "testing/fake_clock.h"

namespace kexit::agent {
namespace {

using std::chrono::milliseconds;

// Each read takes a fixed time on the fake clock.
class SlowReader : public kube::EvidenceReader {
 public:
  explicit SlowReader(testing_support::FakeClock& clock) : clock_(clock) {}

  Expected<kube::PodLog> read_log(const std::string&, const std::string&,
                                  const kube::LogOptions&) override {
    clock_.advance(milliseconds(300));
    return kube::PodLog{};
  }
  Expected<kube::ApiResponse> read_events(const std::string&, const std::string&, int) override {
    clock_.advance(milliseconds(20));
    return kube::ApiResponse{};
  }
  Expected<kube::ApiResponse> read_job(const std::string&, const std::string&) override {
    clock_.advance(milliseconds(5));
    return kube::ApiResponse{};
  }
  Expected<kube::ApiResponse> read_node(const std::string&) override {
    clock_.advance(milliseconds(7));
    return kube::ApiResponse{};
  }

 private:
  testing_support::FakeClock& clock_;
};

TEST(TimedEvidenceReader, AddsUpLogReadsApartFromTheOthers) {
  testing_support::FakeClock clock;
  SlowReader slow(clock);
  TimedEvidenceReader reader(slow, clock);
  EXPECT_EQ(reader.log_reads(), 0);
  ASSERT_TRUE(reader.read_log("shop", "api-1", {}).ok());
  ASSERT_TRUE(reader.read_log("shop", "api-1", {}).ok());
  ASSERT_TRUE(reader.read_events("shop", "involvedObject.name=api-1", 50).ok());
  ASSERT_TRUE(reader.read_job("batch", "reindex").ok());
  ASSERT_TRUE(reader.read_node("node-3").ok());
  EXPECT_EQ(reader.log_reads(), 2);
  EXPECT_EQ(reader.log_time(), milliseconds(600));
  EXPECT_EQ(reader.read_time(), milliseconds(632));
}

}  // namespace
}  // namespace kexit::agent
