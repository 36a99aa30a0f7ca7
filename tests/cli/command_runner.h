#pragma once
// Test support: runs a command line through the shell and captures its output and status.

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace kexit::testing_support {

struct CommandOutput {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string kexit_binary() { return std::string(KEXIT_BINARY_DIR) + "/kexit"; }
inline std::string source_path(const std::string& relative) {
  return std::string(KEXIT_SOURCE_DIR) + "/" + relative;
}

// Runs `command` with `sh -c`; stderr goes to a temporary file read back afterwards.
inline CommandOutput run_command(const std::string& command) {
  static int counter = 0;
  // ctest runs each test in its own process, several at once: the pid keeps names apart.
  std::string err_path = ::testing::TempDir() + "/command_err_" + std::to_string(getpid()) + "_" +
                         std::to_string(counter++);
  CommandOutput output;
  FILE* pipe = popen((command + " 2>" + err_path).c_str(), "r");
  if (pipe == nullptr) {
    return output;
  }
  std::array<char, 4096> buffer;
  std::size_t read = 0;
  while ((read = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    output.out.append(buffer.data(), read);
  }
  int raw = pclose(pipe);
  output.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream err(err_path);
  std::stringstream text;
  text << err.rdbuf();
  output.err = text.str();
  return output;
}

}  // namespace kexit::testing_support
