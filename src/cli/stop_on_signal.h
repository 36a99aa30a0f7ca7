#pragma once
// stop_on_signal: SIGTERM and SIGINT (Ctrl-C) request a StopSignal, so `agent` and `watch`
// finish their work and exit 0 instead of dying mid-write.

#include "agent/stop_signal.h"

namespace kexit::cli {

// Until the next call, the first SIGTERM or SIGINT requests `stop` and a second one ends the
// process as if no handler were set; null restores the default handling.
void stop_on_signal(agent::StopSignal* stop);

}  // namespace kexit::cli
