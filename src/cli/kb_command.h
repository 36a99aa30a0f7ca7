#pragma once
// `kexit kb lint [DIR]` and `kexit kb test [DIR]`: check and test knowledge files.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace kexit::cli {

void add_kb_command(CLI::App& app, int& exit_status);

// "text", "json": what `kb eval -o` takes.
const std::vector<std::string>& kb_eval_output_formats();

}  // namespace kexit::cli
