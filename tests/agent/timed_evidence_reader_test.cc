#include "agent/timed_evidence_reader.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

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

// The log is read beside the Events (gather_evidence): a log read that is still in flight when
// the Events read starts and ends after it.
class OverlappingReader : public SlowReader {
 public:
  explicit OverlappingReader(testing_support::FakeClock& clock) : SlowReader(clock) {}

  Expected<kube::PodLog> read_log(const std::string& namespace_name, const std::string& pod,
                                  const kube::LogOptions& options) override {
    log_started.set_value();
    events_read.get_future().wait();
    return SlowReader::read_log(namespace_name, pod, options);
  }

  std::promise<void> log_started;
  std::promise<void> events_read;
};

TEST(TimedEvidenceReader, OverlappingReadsCountTheTimeAnyWasInFlightOnce) {
  testing_support::FakeClock clock;
  OverlappingReader overlapping(clock);
  TimedEvidenceReader reader(overlapping, clock);
  auto log_started = overlapping.log_started.get_future();
  std::thread log_thread([&] { EXPECT_TRUE(reader.read_log("shop", "api-1", {}).ok()); });
  log_started.wait();
  EXPECT_TRUE(reader.read_events("shop", "involvedObject.uid=u1", 200).ok());
  overlapping.events_read.set_value();
  log_thread.join();
  EXPECT_EQ(reader.log_reads(), 1);
  // The log read took 20 ms of Events and its own 300 ms; the Events' 20 ms are not counted twice.
  EXPECT_EQ(reader.log_time(), milliseconds(320));
  EXPECT_EQ(reader.read_time(), milliseconds(320));
}

}  // namespace
}  // namespace kexit::agent
