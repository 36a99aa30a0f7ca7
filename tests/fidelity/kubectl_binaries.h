#pragma once
// Which kubectl binaries the fidelity tests run: KUBESIM_FIDELITY_KUBECTL (paths separated by
// ':') when set; else the oldest and newest versioned kubectl beside the one on PATH
// (kubectl.1.27 ... kubectl.1.33), else that one; {""} when there is no kubectl.

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace kexit::fidelity {

inline bool executable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

inline std::string find_in_path(const std::string& program) {
  const char* path = getenv("PATH");
  std::stringstream directories(path ? path : "/usr/bin:/bin");
  std::string directory;
  while (std::getline(directories, directory, ':')) {
    if (executable(directory + "/" + program)) {
      return directory + "/" + program;
    }
  }
  return "";
}

// KUBESIM_FIDELITY_KUBECTL (paths separated by ':') when set; else the oldest and newest
// versioned kubectl beside the one on PATH, else that one; empty when there is no kubectl.
inline std::vector<std::string> kubectl_binaries() {
  if (const char* chosen = getenv("KUBESIM_FIDELITY_KUBECTL"); chosen != nullptr && *chosen) {
    std::vector<std::string> binaries;
    std::stringstream list(chosen);
    std::string path;
    while (std::getline(list, path, ':')) {
      binaries.push_back(path);
    }
    return binaries;
  }
  std::string kubectl = find_in_path("kubectl");
  if (kubectl.empty()) {
    return {""};
  }
  char resolved[PATH_MAX];
  std::string directory;
  if (realpath(kubectl.c_str(), resolved) != nullptr) {
    directory = std::filesystem::path(resolved).parent_path();
  }
  std::vector<std::string> versioned;
  for (int minor = 20; minor <= 60; ++minor) {
    std::string candidate = directory + "/kubectl.1." + std::to_string(minor);
    if (!directory.empty() && executable(candidate)) {
      versioned.push_back(candidate);
    }
  }
  if (versioned.empty()) {
    return {kubectl};
  }
  if (versioned.size() == 1) {
    return versioned;
  }
  return {versioned.front(), versioned.back()};
}

}  // namespace kexit::fidelity
