#pragma once
// WatchResult: how a watch ended and where the next one continues, for the client's watches
// and the agent's pod watch alike.

#include <cstddef>
#include <string>

#include "kube/api_status.h"

namespace kexit::kube {

enum class WatchEnd {
  kClosed,       // the server ended the stream cleanly (timeoutSeconds, shutdown)
  kStopped,      // on_event returned false, or the watch was cancelled
  kExpired,      // 410: the resourceVersion is too old; list again
  kError,        // an ERROR event other than 410 (see `status`)
  kInterrupted,  // the connection broke mid-stream
};

struct WatchResult {
  WatchEnd end = WatchEnd::kClosed;
  // The last resourceVersion seen (events and bookmarks): where to continue.
  std::string resource_version;
  // The Status of an ERROR event (kExpired, kError).
  ApiStatus status;
  // Why the stream broke (kInterrupted).
  std::string interruption;
  std::size_t events = 0;
};

}  // namespace kexit::kube
