#pragma once
// stop_on_signal: SIGTERM and SIGINT (Ctrl-C) request a StopSignal, so `agent` and `watch`
// finish their work and exit 0 instead of dying mid-write.

#include "agent/stop_signal.h"

namespace kexit::cli {

// Until the next call, SIGTERM and SIGINT request `stop`; null restores no handler's target.
void stop_on_signal(agent::StopSignal* stop);

}  // namespace kexit::cli
