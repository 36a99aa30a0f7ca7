#pragma once
// FieldSelector: the `fieldSelector` query parameter (k=v, k==v, k!=v; comma = AND; `\`
// escapes `\`, `,` and `=` in values), matched against an object's selectable fields.

#include <string>
#include <string_view>
#include <vector>

#include "base/expected.h"
#include "kubesim/string_pairs.h"

namespace kexit::kubesim {

class FieldSelector {
 public:
  struct Requirement {
    std::string field;
    bool equals = true;
    std::string value;
  };

  FieldSelector() = default;
  static Expected<FieldSelector> parse(std::string_view text);

  bool empty() const { return requirements_.empty(); }
  // A field the object lacks counts as "".
  bool matches(const StringPairs& fields) const;
  const std::vector<Requirement>& requirements() const { return requirements_; }
  // The value when the selector pins `field` with `=`, e.g. metadata.name for a single-object
  // watch; empty otherwise.
  std::string exact_value(std::string_view field) const;

 private:
  std::vector<Requirement> requirements_;
};

}  // namespace kexit::kubesim
