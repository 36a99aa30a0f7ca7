#pragma once
// LogReader: reading one container's log from the API server (GET .../pods/NAME/log), as a
// narrow interface, so the CLI and the agent fetch evidence through one code path that tests
// can feed.

#include <cstddef>
#include <optional>
#include <string>

#include "base/expected.h"
#include "kube/api_response.h"

namespace kexit::kube {

struct LogOptions {
  std::string container;
  // The log of the previous (terminated) instance of the container.
  bool previous = false;
  // Each line starts with the kubelet's RFC 3339 timestamp and a space.
  bool timestamps = false;
  std::optional<long long> tail_lines;
  std::optional<long long> limit_bytes;
  // Only the last max_bytes of the answer are kept (cut at a line start).
  std::size_t max_bytes = 2 * 1024 * 1024;
};

struct PodLog {
  // On success the body holds the kept log text.
  ApiResponse response;
  // Bytes before the text were dropped, or tail_lines lines came back (older ones may exist).
  bool truncated = false;
};

class LogReader {
 public:
  virtual ~LogReader() = default;

  // A container's log: any HTTP status is a PodLog (check response.ok()); Errors are failures
  // to get an answer.
  virtual Expected<PodLog> read_log(const std::string& namespace_name, const std::string& pod,
                                    const LogOptions& options) = 0;
};

}  // namespace kexit::kube
