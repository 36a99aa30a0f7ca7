#pragma once
// A pattern too large for kexit's per-pattern limit: distinct pseudo-random words that RE2
// cannot fold into a small trie, joined in one alternation. Deterministic, so the size in the
// error message is the same on every run.

#include <string>

namespace kexit::testing_support {

inline std::string unfoldable_alternation(int words = 2000) {
  std::string alternation;
  unsigned state = 12345;
  for (int i = 0; i < words; ++i) {
    std::string word;
    for (int letter = 0; letter < 8; ++letter) {
      state = state * 1103515245u + 12345u;
      word += static_cast<char>('a' + (state >> 16) % 26);
    }
    alternation += (i == 0 ? "" : "|") + word;
  }
  return alternation;
}

}  // namespace kexit::testing_support
