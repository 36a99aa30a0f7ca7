#pragma once
// `kexit inspect`: diagnose terminated containers from a file (offline) or a cluster.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace kexit::cli {

void add_inspect_command(CLI::App& app, int& exit_status);

}  // namespace kexit::cli
