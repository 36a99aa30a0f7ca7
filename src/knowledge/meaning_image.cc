#include "knowledge/meaning_image.h"

#include <re2/re2.h>

#include "knowledge/cached_pattern.h"

namespace kexit::knowledge {

bool meaning_fits_image(const Meaning& meaning, std::string_view image) {
  if (!meaning.image || image.empty()) {
    return false;
  }
  // A pattern that does not compile fits nothing; the knowledge loader refuses it first.
  const RE2& pattern = cached_pattern(*meaning.image);
  return pattern.ok() && RE2::PartialMatch(image, pattern);
}

}  // namespace kexit::knowledge
