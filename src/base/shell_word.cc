#include "base/shell_word.h"

namespace kexit {

std::string shell_word(const std::string& value) {
  if (value.empty() || value.front() == '-') {
    return "";
  }
  const bool plain = value.find_first_not_of(
                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         "0123456789._:/@+=,%-") == std::string::npos;
  if (plain) {
    return value;
  }
  // Inside single quotes a shell reads every byte as it is but the quote itself, which is
  // closed, escaped and reopened.
  std::string quoted = "'";
  for (char c : value) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

}  // namespace kexit
