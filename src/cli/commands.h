#pragma once
// Every kexit subcommand, wired onto one app: main() and the tests that need the real command
// line (completions) build the same app.

#include <CLI/CLI.hpp>

namespace kexit::cli {

// Adds inspect, watch, agent, explain, kb, completion and version; each callback stores its
// status in `exit_status`.
void add_commands(CLI::App& app, int& exit_status);

}  // namespace kexit::cli
