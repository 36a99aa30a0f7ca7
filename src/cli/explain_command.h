#pragma once
// `kexit explain CODE`: every known meaning of a number and how to tell them apart.

#include <CLI/CLI.hpp>

namespace kexit::cli {

void add_explain_command(CLI::App& app, int& exit_status);

}  // namespace kexit::cli
