#pragma once
// cached_pattern: a knowledge pattern (an image or command pattern) compiled once for the
// process, for the lookups that run once per termination rather than once per knowledge load.

#include <re2/re2.h>

#include <string>

namespace kexit::knowledge {

// The pattern compiled with the knowledge's options; RE2 matches from many threads once built.
// Check ok(): a pattern that does not compile is refused by the loader first.
const RE2& cached_pattern(const std::string& pattern);

}  // namespace kexit::knowledge
