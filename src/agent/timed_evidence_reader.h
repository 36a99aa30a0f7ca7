#pragma once
// TimedEvidenceReader: an EvidenceReader that passes every read on and adds up, on the agent's
// clock, how long the reads took - the log reads apart - so one termination's latency splits
// into reading the cluster and diagnosing. Reads may overlap (gather_evidence reads the log
// beside the Events): the time counted is the time during which any read was in flight.

#include <chrono>
#include <mutex>

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

  // Time in read_log, and how many reads; time during which any read was in flight (the log's
  // included). Read them once the reads are done.
  kube::TimePoint::duration log_time() const;
  int log_reads() const;
  kube::TimePoint::duration read_time() const;

 private:
  enum class ReadKind { kLog, kOther };
  template <typename Read>
  auto timed(ReadKind kind, Read&& read);
  // Around each read: the first read in flight starts the busy time, the last one ends it.
  kube::TimePoint started_reading();
  void finished_reading(ReadKind kind, kube::TimePoint started);

  kube::EvidenceReader& reader_;
  kube::Clock& clock_;
  mutable std::mutex mutex_;
  int in_flight_ = 0;
  kube::TimePoint busy_since_{};
  kube::TimePoint::duration log_time_{};
  kube::TimePoint::duration read_time_{};
  int log_reads_ = 0;
};

}  // namespace kexit::agent
