#include "agent/timed_evidence_reader.h"

namespace kexit::agent {

template <typename Read>
auto TimedEvidenceReader::timed(kube::TimePoint::duration* log_time, Read&& read) {
  auto started = clock_.now();
  auto result = read();
  auto took = clock_.now() - started;
  read_time_ += took;
  if (log_time != nullptr) {
    *log_time += took;
  }
  return result;
}

Expected<kube::PodLog> TimedEvidenceReader::read_log(const std::string& namespace_name,
                                                     const std::string& pod,
                                                     const kube::LogOptions& options) {
  ++log_reads_;
  return timed(&log_time_, [&] { return reader_.read_log(namespace_name, pod, options); });
}

Expected<kube::ApiResponse> TimedEvidenceReader::read_events(const std::string& namespace_name,
                                                             const std::string& field_selector,
                                                             int limit) {
  return timed(nullptr, [&] { return reader_.read_events(namespace_name, field_selector, limit); });
}

Expected<kube::ApiResponse> TimedEvidenceReader::read_job(const std::string& namespace_name,
                                                          const std::string& name) {
  return timed(nullptr, [&] { return reader_.read_job(namespace_name, name); });
}

Expected<kube::ApiResponse> TimedEvidenceReader::read_node(const std::string& name) {
  return timed(nullptr, [&] { return reader_.read_node(name); });
}

}  // namespace kexit::agent
