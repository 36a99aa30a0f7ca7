#include "knowledge/meaning_image.h"

#include <re2/re2.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "knowledge/compiled_knowledge.h"

namespace kexit::knowledge {
namespace {

// The compiled pattern; RE2 matches from many threads once built. Kept for the process: the
// patterns are those of the knowledge files, a few dozen, and a reload rarely adds one.
const RE2& compiled_image_pattern(const std::string& pattern) {
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

}  // namespace

bool meaning_fits_image(const Meaning& meaning, std::string_view image) {
  if (!meaning.image || image.empty()) {
    return false;
  }
  // A pattern that does not compile fits nothing; the knowledge loader refuses it first.
  const RE2& pattern = compiled_image_pattern(*meaning.image);
  return pattern.ok() && RE2::PartialMatch(image, pattern);
}

}  // namespace kexit::knowledge
