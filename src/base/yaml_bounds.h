#pragma once
// The check that a YAML text stays within kexit's nesting and alias-expansion limits, run on
// yaml-cpp's event stream before the text is loaded into nodes.

#include <string>
#include <string_view>

#include "base/expected.h"

namespace kexit {

// Refuses, naming SOURCE:LINE:COLUMN, a text that nests deeper than kMaxNestingDepth (aliases
// expanded), whose aliases would add more than max(kMinAliasExpansion, text.size()) nodes
// and scalar bytes, or with an alias inside the node its anchor names. Syntax errors pass:
// loading the text reports them as usual.
Status check_yaml_bounds(std::string_view text, const std::string& source);

}  // namespace kexit
