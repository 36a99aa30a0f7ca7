#include "cli/stop_on_signal.h"

#include <atomic>
#include <csignal>

namespace kexit::cli {
namespace {

std::atomic<agent::StopSignal*> g_stop{nullptr};

// Only an atomic store: all a signal handler may safely do.
extern "C" void request_stop(int) {
  if (agent::StopSignal* stop = g_stop.load()) {
    stop->request();
  }
}

}  // namespace

void stop_on_signal(agent::StopSignal* stop) {
  g_stop.store(stop);
  if (stop != nullptr) {
    std::signal(SIGTERM, request_stop);
    std::signal(SIGINT, request_stop);
  }
}

}  // namespace kexit::cli
