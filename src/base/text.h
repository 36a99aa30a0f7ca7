#pragma once
// Small string functions on std::string_view used across the project.

#include <string>
#include <string_view>
#include <vector>

namespace kexit {

std::string_view trim(std::string_view text);
bool starts_with(std::string_view text, std::string_view prefix);
bool ends_with(std::string_view text, std::string_view suffix);
std::vector<std::string_view> split(std::string_view text, char separator);
std::string join(const std::vector<std::string>& parts, std::string_view separator);
std::string to_lower(std::string_view text);
// Cuts `text` to at most `max_bytes`, on a UTF-8 character boundary, adding "…" when cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);
// Parses a whole decimal integer; false on anything else (sign allowed).
bool parse_int(std::string_view text, long long& out);

}  // namespace kexit
