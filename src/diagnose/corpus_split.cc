#include "diagnose/corpus_split.h"

namespace kexit::diagnose {

const char* to_string(CorpusSplit split) {
  return split == CorpusSplit::kHeldOut ? "held-out" : "development";
}

bool parse_corpus_split(std::string_view text, CorpusSplit& split) {
  if (text == "development") {
    split = CorpusSplit::kDevelopment;
  } else if (text == "held-out") {
    split = CorpusSplit::kHeldOut;
  } else {
    return false;
  }
  return true;
}

std::uint32_t fnv1a32(std::string_view data) {
  std::uint32_t hash = 2166136261u;
  for (char byte : data) {
    hash ^= static_cast<unsigned char>(byte);
    hash *= 16777619u;
  }
  return hash;
}

CorpusSplit split_of(std::string_view file_name) {
  std::size_t slash = file_name.rfind('/');
  std::string_view base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  // A third of the names: few enough to leave most reports for rule work, enough to measure.
  return fnv1a32(base) % 3 == 0 ? CorpusSplit::kHeldOut : CorpusSplit::kDevelopment;
}

}  // namespace kexit::diagnose
