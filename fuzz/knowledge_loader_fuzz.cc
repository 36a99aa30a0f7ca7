// The knowledge loader on any bytes as a user's knowledge file (`--knowledge DIR`), compiled
// as kexit compiles it: patterns included, so a hostile pattern meets RE2's bounds too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "knowledge/compiled_knowledge.h"
#include "knowledge/knowledge_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kexit::knowledge::KnowledgeFile file;
  file.path = "fuzz.yaml";
  file.text.assign(reinterpret_cast<const char*>(data), size);
  auto loaded = kexit::knowledge::load_knowledge_files({file});
  if (loaded.errors.empty()) {
    std::vector<kexit::Error> errors;
    (void)kexit::knowledge::CompiledKnowledge::compile(std::move(loaded.set), errors);
  }
  return 0;
}
