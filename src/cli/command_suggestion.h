#pragma once
// An unknown subcommand, said as such with the nearest known one ("did you mean"), before
// CLI11 would call it an unexpected argument.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"

namespace kexit::cli {

// The subcommand of `command` named `name`, or nullptr (CLI11 2.1 has no non-throwing lookup).
CLI::App* find_subcommand(CLI::App& command, const std::string& name);

// The names of the subcommands `--help` lists (a hidden one has an empty group).
std::vector<std::string> visible_subcommand_names(CLI::App& command);

// The edits (insert, delete, substitute, swap two neighbours) that turn a into b.
std::size_t edit_distance(const std::string& a, const std::string& b);

// The first word that should name a subcommand and names none, as an error: `unknown command
// "inspct"; did you mean "inspect"?`; nothing when the words are fine or CLI11 should judge.
// `args` are the arguments after the program's name.
std::optional<Error> unknown_subcommand(CLI::App& app, const std::vector<std::string>& args);

}  // namespace kexit::cli
