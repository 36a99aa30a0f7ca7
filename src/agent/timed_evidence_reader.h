#pragma once
// TimedEvidenceReader: an EvidenceReader that passes every read on and adds up, on the agent's
// clock, how long the reads took - the log reads apart - so one termination's latency splits
// into reading the cluster and diagnosing.

#include <chrono>

#include "kube/clock.h"
#include "kube/evidence_reader.h"

namespace kexit::agent {

class TimedEvidenceReader : public kube::EvidenceReader {
 public:
  TimedEvidenceReader(kube::EvidenceReader& reader, kube::Clock& clock)
      : reader_(reader), clock_(clock) {}

  Expected<kube::PodLog> read_log(const std::string& namespace_name, const std::string& pod,
                                  const kube::LogOptions& options) override;
  Expected<kube::ApiResponse> read_events(const std::string& namespace_name,
                                          const std::string& field_selector, int limit) override;
  Expected<kube::ApiResponse> read_job(const std::string& namespace_name,
                                       const std::string& name) override;
  Expected<kube::ApiResponse> read_node(const std::string& name) override;

  // Time in read_log, and how many reads; time in every read (the log's included).
  kube::TimePoint::duration log_time() const { return log_time_; }
  int log_reads() const { return log_reads_; }
  kube::TimePoint::duration read_time() const { return read_time_; }

 private:
  template <typename Read>
  auto timed(kube::TimePoint::duration* log_time, Read&& read);

  kube::EvidenceReader& reader_;
  kube::Clock& clock_;
  kube::TimePoint::duration log_time_{};
  kube::TimePoint::duration read_time_{};
  int log_reads_ = 0;
};

}  // namespace kexit::agent
