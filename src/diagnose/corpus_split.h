#pragma once
// CorpusSplit: whether a corpus report is for development or held out, fixed by its file name
// (the same function as tests/corpus/split.py).

#include <cstdint>
#include <string>
#include <string_view>

namespace kexit::diagnose {

enum class CorpusSplit { kDevelopment, kHeldOut };

// "development" or "held-out", as written in a report's `split:`.
const char* to_string(CorpusSplit split);
// False for anything but "development" or "held-out".
bool parse_corpus_split(std::string_view text, CorpusSplit& split);

// FNV-1a, 32 bits.
std::uint32_t fnv1a32(std::string_view data);

// Held-out when the FNV-1a of the file's base name ("name.yaml") is divisible by 3.
CorpusSplit split_of(std::string_view file_name);

}  // namespace kexit::diagnose
