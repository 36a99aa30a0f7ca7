#include "knowledge/secret_literals.h"

#include <re2/filtered_re2.h>

#include <algorithm>
#include <numeric>

#include "knowledge/secret_redactor.h"

namespace kexit::knowledge {
namespace {

// Two bytes: at three, shapes such as `\bSK[0-9a-fA-F]{32}\b` or `(?:^|\s)(?:-u|--user)...`
// would need no literal at all and be tried on every text.
constexpr int kMinLiteralBytes = 2;

// The atoms not in `kept`.
std::vector<int> complement(const std::vector<int>& kept, std::size_t atoms) {
  std::vector<int> rest;
  for (int index = 0; index < static_cast<int>(atoms); ++index) {
    if (std::find(kept.begin(), kept.end(), index) == kept.end()) {
      rest.push_back(index);
    }
  }
  return rest;
}

}  // namespace

Expected<std::vector<std::string>> required_literals(const std::string& pattern,
                                                     const RE2::Options& options) {
  re2::FilteredRE2 filter(kMinLiteralBytes);
  int id = 0;
  if (filter.Add(pattern, options, &id) != RE2::NoError) {
    return Error{"secret pattern '" + pattern + "' does not compile"};
  }
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  std::vector<int> potential;
  filter.AllPotentials({}, &potential);
  if (!potential.empty()) {
    return std::vector<std::string>{};
  }
  // The prefilter is an AND/OR tree over the atoms, so a set of atoms is enough to require
  // when the pattern cannot pass with every other atom present. All of them are; shorter ones
  // are dropped first while that holds, so what is left is few and selective.
  std::vector<int> kept(atoms.size());
  std::iota(kept.begin(), kept.end(), 0);
  std::vector<int> order = kept;
  std::stable_sort(order.begin(), order.end(),
                   [&atoms](int a, int b) { return atoms[a].size() < atoms[b].size(); });
  for (int dropped : order) {
    std::vector<int> fewer;
    std::copy_if(kept.begin(), kept.end(), std::back_inserter(fewer),
                 [dropped](int index) { return index != dropped; });
    filter.AllPotentials(complement(fewer, atoms.size()), &potential);
    if (potential.empty()) {
      kept = std::move(fewer);
    }
  }
  std::vector<std::string> literals;
  for (int index : kept) {
    literals.push_back(atoms[index]);
  }
  std::sort(literals.begin(), literals.end());
  return literals;
}

void derive_required_literals(std::vector<SecretShape>& shapes) {
  for (auto& shape : shapes) {
    if (shape.literals) {
      continue;
    }
    if (auto literals = required_literals(shape.pattern, secret_pattern_options())) {
      shape.literals = std::move(literals).value();
    }
  }
}

}  // namespace kexit::knowledge
