#pragma once
// Loading knowledge YAML files (rules, notes, meanings, causes, signals, golden cases) into a
// KnowledgeSet, with every problem reported as "file:line: what to do".

#include <string>
#include <vector>

#include "base/expected.h"
#include "knowledge/knowledge_model.h"

namespace kexit::knowledge {

// Built-in files are compiled into the binary and linted in ctest; only the others can be
// hostile, and only they pay for the bounds check (the built-in ones are read on every run).
enum class FileOrigin { kUser, kBuiltIn };

struct KnowledgeFile {
  // As shown in messages: "knowledge/spark.yaml" for built-in files, the real path otherwise.
  std::string path;
  std::string text;
  FileOrigin origin = FileOrigin::kUser;
};

struct LoadResult {
  KnowledgeSet set;
  // Every problem found, in file order; loading goes on past a bad entry so lint sees all.
  std::vector<Error> errors;
};

// The files compiled into the binary.
std::vector<KnowledgeFile> embedded_files();

// Every *.yaml file below `directory`, sorted by path.
Expected<std::vector<KnowledgeFile>> files_in_directory(const std::string& directory);

// Parses the files; files whose path has a "cases" directory component are golden cases.
// Duplicate ids or slugs within these files are errors.
LoadResult load_knowledge_files(const std::vector<KnowledgeFile>& files);

// Adds `extra` to `base`: an entry with an existing id (rule, note), slug (cause) or number
// (signal) replaces it; everything else is appended.
void merge_overriding(KnowledgeSet& base, KnowledgeSet extra);

}  // namespace kexit::knowledge
