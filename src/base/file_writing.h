#pragma once
// Writing whole files, with errors as values.

#include <string>
#include <string_view>

#include "base/expected.h"

namespace kexit {

// Replaces the file's contents with `text`.
Status write_file(const std::string& path, std::string_view text);

}  // namespace kexit
