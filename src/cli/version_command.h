#pragma once
// `kexit version`.

#include <CLI/CLI.hpp>

namespace kexit::cli {

void add_version_command(CLI::App& app, int& exit_status);

}  // namespace kexit::cli
