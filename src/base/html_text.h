#pragma once
// HTML text: a string made safe to place in an HTML element's content or a quoted attribute.

#include <string>
#include <string_view>

namespace kexit {

// Escapes &, <, >, " and ' so no input (a pod name, a log line) can open a tag, end an
// attribute or start an entity. Bytes that are not UTF-8 and control characters are replaced by
// U+FFFD first, as every other output of kexit shows them.
std::string html_text(std::string_view text);

}  // namespace kexit
