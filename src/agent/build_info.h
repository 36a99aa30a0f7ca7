#pragma once
// BuildInfo: what the running agent was built from, exported as kexit_build_info{...} 1 so
// dashboards can tell which version each replica runs.

#include <string>

namespace kexit::agent {

struct BuildInfo {
  std::string version;   // the project version (CMakeLists.txt)
  std::string revision;  // the git commit configured from, "unknown" outside a checkout
  std::string compiler;  // "gcc 12.2.0", "clang 14.0.6"
};

const BuildInfo& build_info();

}  // namespace kexit::agent
