#pragma once
// `kexit completion bash|zsh|fish` prints a completion script; the hidden
// `kexit __complete WORDS...` that the scripts call prints the candidates.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace kexit::cli {

void add_completion_command(CLI::App& app, int& exit_status);

// True when argv asks for `__complete`, which main answers before CLI11 parses: the words
// after it are a partial command line, not kexit's arguments.
bool is_completion_request(int argc, char** argv);

// Prints the candidates for the words (after `__complete`); always 0, silent on errors: a
// shell's Tab must never print an error into the command line.
int answer_completion_request(CLI::App& app, const std::vector<std::string>& words);

}  // namespace kexit::cli
