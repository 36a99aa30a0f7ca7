#pragma once
// Where tests find the source tree, the built kexit binary and the shared fixture files
// (tests/testing/fixtures/, one copy for every test of kexit and kubesim).

#include <string>

namespace kexit::testing_support {

inline std::string source_path(const std::string& relative) {
  return std::string(KEXIT_SOURCE_DIR) + "/" + relative;
}

inline std::string kexit_binary() { return std::string(KEXIT_BINARY_DIR) + "/kexit"; }

inline std::string fixture_path(const std::string& name) {
  return source_path("tests/testing/fixtures/" + name);
}

}  // namespace kexit::testing_support
