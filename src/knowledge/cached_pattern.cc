#include "knowledge/cached_pattern.h"

#include <map>
#include <memory>
#include <mutex>

#include "knowledge/compiled_knowledge.h"

namespace kexit::knowledge {

// Kept for the process: the patterns are those of the knowledge files, a few dozen, and a
// reload rarely adds one.
const RE2& cached_pattern(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<RE2>, std::less<>> compiled;
  std::lock_guard lock(mutex);
  auto found = compiled.find(pattern);
  if (found == compiled.end()) {
    found = compiled.emplace(pattern, std::make_unique<RE2>(pattern, knowledge_pattern_options()))
                .first;
  }
  return *found->second;
}

}  // namespace kexit::knowledge
