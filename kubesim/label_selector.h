#pragma once
// LabelSelector: the `labelSelector` query parameter (k=v, k==v, k!=v, k in (a,b),
// k notin (a,b), k, !k, k>1, k<1; comma = AND), parsed once and matched per object.

#include <string>
#include <string_view>
#include <vector>

#include "base/expected.h"
#include "kubesim/string_pairs.h"

namespace kexit::kubesim {

class LabelSelector {
 public:
  enum class Operator { Equals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan };
  struct Requirement {
    std::string key;
    Operator op = Operator::Exists;
    std::vector<std::string> values;
  };

  // The empty selector matches everything.
  LabelSelector() = default;
  static Expected<LabelSelector> parse(std::string_view text);

  bool empty() const { return requirements_.empty(); }
  bool matches(const StringPairs& labels) const;
  const std::vector<Requirement>& requirements() const { return requirements_; }

 private:
  std::vector<Requirement> requirements_;
};

}  // namespace kexit::kubesim
