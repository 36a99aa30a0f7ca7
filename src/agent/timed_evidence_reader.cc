#include "agent/timed_evidence_reader.h"

namespace kexit::agent {

kube::TimePoint::duration TimedEvidenceReader::log_time() const {
  std::lock_guard lock(mutex_);
  return log_time_;
}

int TimedEvidenceReader::log_reads() const {
  std::lock_guard lock(mutex_);
  return log_reads_;
}

kube::TimePoint::duration TimedEvidenceReader::read_time() const {
  std::lock_guard lock(mutex_);
  return read_time_;
}

kube::TimePoint TimedEvidenceReader::started_reading() {
  std::lock_guard lock(mutex_);
  kube::TimePoint now = clock_.now();
  if (in_flight_++ == 0) {
    busy_since_ = now;
  }
  return now;
}

void TimedEvidenceReader::finished_reading(ReadKind kind, kube::TimePoint started) {
  std::lock_guard lock(mutex_);
  kube::TimePoint now = clock_.now();
  if (kind == ReadKind::kLog) {
    ++log_reads_;
    log_time_ += now - started;
  }
  if (--in_flight_ == 0) {
    read_time_ += now - busy_since_;
  }
}

template <typename Read>
auto TimedEvidenceReader::timed(ReadKind kind, Read&& read) {
  kube::TimePoint started = started_reading();
  auto result = read();
  finished_reading(kind, started);
  return result;
}

Expected<kube::PodLog> TimedEvidenceReader::read_log(const std::string& namespace_name,
                                                     const std::string& pod,
                                                     const kube::LogOptions& options) {
  return timed(ReadKind::kLog, [&] { return reader_.read_log(namespace_name, pod, options); });
}

Expected<kube::ApiResponse> TimedEvidenceReader::read_events(const std::string& namespace_name,
                                                             const std::string& field_selector,
                                                             int limit) {
  return timed(ReadKind::kOther,
               [&] { return reader_.read_events(namespace_name, field_selector, limit); });
}

Expected<kube::ApiResponse> TimedEvidenceReader::read_job(const std::string& namespace_name,
                                                          const std::string& name) {
  return timed(ReadKind::kOther, [&] { return reader_.read_job(namespace_name, name); });
}

Expected<kube::ApiResponse> TimedEvidenceReader::read_node(const std::string& name) {
  return timed(ReadKind::kOther, [&] { return reader_.read_node(name); });
}

}  // namespace kexit::agent
