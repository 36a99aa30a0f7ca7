#pragma once
// `kexit kb lint [DIR]` and `kexit kb test [DIR]`: check and test knowledge files.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace kexit::cli {

void add_kb_command(CLI::App& app, int& exit_status);

}  // namespace kexit::cli
