#pragma once
// Test support: compares rendered output with a golden file in tests/report/golden/, or rewrites
// it when KEXIT_UPDATE_GOLDEN is set (after reviewing the change like code).

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "base/file_reading.h"

namespace kexit::testing_support {

// `binary` names the test program, for the rewrite command printed on a mismatch.
inline void expect_golden(const std::string& name, const std::string& actual,
                          const std::string& binary) {
  const std::string path = std::string(KEXIT_SOURCE_DIR) + "/tests/report/golden/" + name;
  const std::string rewrite = "KEXIT_UPDATE_GOLDEN=1 build/tests/" + binary;
  if (std::getenv("KEXIT_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  auto expected = read_file(path);
  ASSERT_TRUE(expected.ok()) << expected.error().to_string() << "\ncreate it with " << rewrite;
  EXPECT_EQ(*expected, actual) << "rendered output differs from " << path
                               << "; if the change is intended, review it and run " << rewrite;
}

}  // namespace kexit::testing_support
