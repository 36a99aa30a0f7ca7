#pragma once
// `kexit agent`: the in-cluster watcher that writes one annotated Event per new container
// termination (see docs/agent.md).

#include <CLI/CLI.hpp>

namespace kexit::cli {

void add_agent_command(CLI::App& app, int& exit_status);

}  // namespace kexit::cli
