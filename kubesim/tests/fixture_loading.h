#pragma once
// Loading the Kubernetes objects of tests/testing/fixtures/ (the one copy that kexit's tests
// share) for kubesim's tests. kubesim's tests use only base/ and kubesim/, so this stays here
// rather than in tests/testing/.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "base/file_reading.h"
#include "base/structured_text.h"

namespace kexit::kubesim::testing_support {

inline std::string fixture_path(const std::string& name) {
  return std::string(KEXIT_SOURCE_DIR) + "/tests/testing/fixtures/" + name;
}

inline nlohmann::json load_fixture(const std::string& name) {
  auto text = read_file(fixture_path(name));
  EXPECT_TRUE(text.ok()) << name;
  if (!text.ok()) {
    return nullptr;
  }
  auto documents = parse_json_or_yaml(*text, name);
  EXPECT_TRUE(documents.ok()) << name;
  if (!documents.ok() || documents->empty()) {
    return nullptr;
  }
  return documents->front();
}

}  // namespace kexit::kubesim::testing_support
