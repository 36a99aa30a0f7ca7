#include "knowledge/builtin_knowledge.h"

#include "knowledge/knowledge_image.h"
#include "knowledge/knowledge_loader.h"

namespace kexit::knowledge {

Expected<KnowledgeSet> builtin_knowledge_set() {
  return decode_knowledge_image(builtin_knowledge_image(), "built-in knowledge");
}

Expected<std::shared_ptr<const CompiledKnowledge>> load_compiled_knowledge(
    const std::vector<std::string>& extra_directories, std::vector<Error>& errors) {
  auto builtin = builtin_knowledge_set();
  if (!builtin) {
    errors.push_back(builtin.error());
    return builtin.error();
  }
  KnowledgeSet set = std::move(builtin).value();
  for (const auto& directory : extra_directories) {
    auto files = files_in_directory(directory);
    if (!files) {
      errors.push_back(files.error());
      continue;
    }
    LoadResult extra = load_knowledge_files(*files);
    errors.insert(errors.end(), extra.errors.begin(), extra.errors.end());
    merge_overriding(set, std::move(extra.set));
  }
  if (!errors.empty()) {
    return errors.front();
  }
  // The build compiled and checked every built-in pattern; a user's must be checked now.
  return CompiledKnowledge::compile(
      std::move(set), errors,
      extra_directories.empty() ? PatternCompilation::kOnFirstUse : PatternCompilation::kNow);
}

}  // namespace kexit::knowledge
