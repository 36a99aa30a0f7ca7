#include "cli/stop_on_signal.h"

#include <atomic>
#include <csignal>

namespace kexit::cli {
namespace {

std::atomic<agent::StopSignal*> g_stop{nullptr};

// Only an atomic store and signal(): all a signal handler may safely do. The first signal asks
// for a clean stop; the handler then steps aside, so a second Ctrl-C ends a stop that waits on
// a slow read the default way, as kubectl's does.
extern "C" void request_stop(int signal_number) {
  if (agent::StopSignal* stop = g_stop.load()) {
    stop->request();
  }
  std::signal(signal_number, SIG_DFL);
}

}  // namespace

void stop_on_signal(agent::StopSignal* stop) {
  g_stop.store(stop);
  const auto handler = stop != nullptr ? request_stop : SIG_DFL;
  std::signal(SIGTERM, handler);
  std::signal(SIGINT, handler);
}

}  // namespace kexit::cli
