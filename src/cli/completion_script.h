#pragma once
// The completion scripts `kexit completion SHELL` prints: thin shell functions that ask
// `kexit __complete` for the candidates, so every shell offers the same ones.

#include <string>
#include <vector>

#include "base/expected.h"

namespace kexit::cli {

// "bash", "fish", "zsh".
const std::vector<std::string>& completion_shells();

// The script for the shell; an error names the shells there are.
Expected<std::string> completion_script(const std::string& shell);

}  // namespace kexit::cli
