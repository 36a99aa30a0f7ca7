#pragma once
// The engine tests' small knowledge base (tests/diagnose/knowledge/), compiled.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "knowledge/knowledge_loader.h"

namespace kexit::diagnose {

inline std::shared_ptr<const knowledge::CompiledKnowledge> test_knowledge() {
  auto files =
      knowledge::files_in_directory(std::string(KEXIT_SOURCE_DIR) + "/tests/diagnose/knowledge");
  EXPECT_TRUE(files.ok());
  auto loaded = knowledge::load_knowledge_files(*files);
  EXPECT_TRUE(loaded.errors.empty()) << loaded.errors.front().to_string();
  std::vector<Error> errors;
  auto compiled = knowledge::CompiledKnowledge::compile(std::move(loaded.set), errors);
  EXPECT_TRUE(compiled.ok()) << compiled.error().to_string();
  return *compiled;
}

}  // namespace kexit::diagnose
