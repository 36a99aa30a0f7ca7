#include "knowledge/container_runtime.h"

#include <re2/re2.h>

#include "knowledge/cached_pattern.h"

namespace kexit::knowledge {
namespace {

// An empty pattern or text fits nothing; nor does a pattern that does not compile, which the
// knowledge loader refuses first.
bool fits(const std::string& pattern, std::string_view text) {
  if (pattern.empty() || text.empty()) {
    return false;
  }
  const RE2& compiled = cached_pattern(pattern);
  return compiled.ok() && RE2::PartialMatch(text, compiled);
}

}  // namespace

std::string container_runtime(const KnowledgeSet& set, std::string_view image,
                              std::string_view command_line) {
  for (const auto& runtime : set.runtimes) {
    if (fits(runtime.image, image) || fits(runtime.command, command_line)) {
      return runtime.name;
    }
  }
  return "";
}

}  // namespace kexit::knowledge
