#pragma once
// StringPairs: a small key-sorted list of string pairs (an object's labels or selectable
// fields), cheaper than a std::map for the handful of entries a pod carries.

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kexit::kubesim {

using StringPairs = std::vector<std::pair<std::string, std::string>>;

// Sorts by key; call once after filling.
inline void sort_pairs(StringPairs& pairs) {
  std::sort(pairs.begin(), pairs.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
}

// The value for `key` in sorted pairs, or nullptr.
inline const std::string* find_pair(const StringPairs& pairs, std::string_view key) {
  auto it = std::lower_bound(pairs.begin(), pairs.end(), key,
                             [](const auto& pair, std::string_view k) { return pair.first < k; });
  if (it == pairs.end() || it->first != key) {
    return nullptr;
  }
  return &it->second;
}

}  // namespace kexit::kubesim
