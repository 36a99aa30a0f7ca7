#pragma once
// UTF-8 checks and repairs for text kexit takes from pods and logs.

#include <string>
#include <string_view>

namespace kexit {

// The text with every byte that is not valid UTF-8 and every control character but tab (C0,
// DEL, C1) replaced by U+FFFD, so text from a log or a pod cannot drive the terminal it is
// printed on (escape sequences) and is valid UTF-8 in every output.
std::string printable(std::string_view text);

// Whether `text` is valid UTF-8, and a copy with each invalid byte replaced by U+FFFD (control
// characters kept): RE2's `.` and classes match no invalid byte, so a line is matched repaired.
bool is_utf8(std::string_view text);
std::string repair_utf8(std::string_view text);

}  // namespace kexit
