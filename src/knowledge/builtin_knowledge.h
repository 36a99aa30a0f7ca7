#pragma once
// The knowledge base built into kexit: knowledge/*.yaml, linted and turned into an image by
// the build (tools/knowledge_image_builder.cc), and loaded from it with the user's overlays.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.h"
#include "knowledge/compiled_knowledge.h"

namespace kexit::knowledge {

struct BuiltinKnowledgeCounts {
  std::size_t rules = 0;
  std::size_t causes = 0;
};

// Generated at build time: the image and the counts `kexit version` prints, which need no
// loading at all.
std::string_view builtin_knowledge_image();
BuiltinKnowledgeCounts builtin_knowledge_counts();

// The built-in set, decoded from the image: what load_knowledge_files gives for the embedded
// YAML, less the golden cases (only `kexit kb test` reads those, from the YAML).
Expected<KnowledgeSet> builtin_knowledge_set();

// Loads the built-in knowledge and then each extra directory's YAML (overriding by id), and
// compiles the result. Errors name the file and line; `errors` receives all of them.
Expected<std::shared_ptr<const CompiledKnowledge>> load_compiled_knowledge(
    const std::vector<std::string>& extra_directories, std::vector<Error>& errors);

}  // namespace kexit::knowledge
