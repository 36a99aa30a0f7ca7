#pragma once
// `kexit watch`: follow the cluster and print each new termination's diagnosis as it happens,
// through the agent's own pod watcher, termination detector and evidence path.

#include <CLI/CLI.hpp>

namespace kexit::cli {

void add_watch_command(CLI::App& app, int& exit_status);

}  // namespace kexit::cli
