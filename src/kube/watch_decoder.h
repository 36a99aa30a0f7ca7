#pragma once
// WatchDecoder: turns the bytes of a watch response, chunked however the network chose, into
// whole watch events.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.h"
#include "kube/watch_event.h"

namespace kexit::kube {

class WatchDecoder {
 public:
  // A single event larger than this is treated as a corrupt stream, so a lying server cannot
  // make kexit buffer without end. etcd refuses requests over 1.5 MiB by default
  // (--max-request-bytes), so a stored object's JSON, with its watch envelope, stays far below.
  static constexpr std::size_t kMaxEventBytes = 16 * 1024 * 1024;

  // Consumes `bytes` and appends every event completed by them. The server writes JSON values
  // back to back, each followed by "\n", but a chunk may hold several events or a piece of one,
  // so values are split on their own structure, not on lines or chunks.
  Status feed(std::string_view bytes, std::vector<WatchEvent>& events);

  // True while part of an event is buffered (a stream that ends now was cut mid-event).
  bool mid_event() const { return depth_ > 0 || !pending_.empty(); }

 private:
  Status finish_value(std::vector<WatchEvent>& events);

  std::string pending_;
  int depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
};

}  // namespace kexit::kube
