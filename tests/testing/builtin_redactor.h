#pragma once
// Test support: the built-in knowledge, and its secret redactor (knowledge/secrets.yaml) as
// every output applies it, loaded once per test binary.

#include <gtest/gtest.h>

#include <vector>

#include "knowledge/builtin_knowledge.h"
#include "knowledge/compiled_knowledge.h"

namespace kexit::testing_support {

inline const knowledge::CompiledKnowledge& loaded_builtin_knowledge() {
  static const auto knowledge = [] {
    std::vector<Error> errors;
    auto loaded = knowledge::load_compiled_knowledge({}, errors);
    EXPECT_TRUE(loaded.ok()) << (errors.empty() ? "" : errors.front().to_string());
    return *loaded;
  }();
  return *knowledge;
}

inline const knowledge::SecretRedactor& builtin_redactor() {
  return loaded_builtin_knowledge().redactor();
}

}  // namespace kexit::testing_support
