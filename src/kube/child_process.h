#pragma once
// Running a helper program (an exec credential plugin) and capturing its standard output.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/expected.h"

namespace kexit::kube {

struct ChildProcessSpec {
  // argv[0] is looked up on PATH when it has no slash.
  std::vector<std::string> argv;
  // Added to (or replacing in) the current environment.
  std::vector<std::pair<std::string, std::string>> extra_env;
  // Give the child our stdin (an interactive plugin prompting the user); else /dev/null.
  bool inherit_stdin = false;
  // Killed after this long; nullopt waits for ever (an interactive login).
  std::optional<std::chrono::milliseconds> timeout;
  // Standard output beyond this is an error.
  std::size_t max_output_bytes = 1024 * 1024;
};

struct ChildProcessResult {
  // The exit status, or 128 + signal when it was killed by a signal.
  int exit_code = 0;
  std::string output;
};

// Runs the program to completion; its stderr goes to ours (plugins print prompts and hints
// there). Errors: cannot start (not found), timeout, too much output.
Expected<ChildProcessResult> run_child_process(const ChildProcessSpec& spec);

}  // namespace kexit::kube
