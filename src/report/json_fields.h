#pragma once
// How the JSON contract writes a value kexit does not know: null, never "" (docs/schema/).

#include <nlohmann/json.hpp>
#include <string>

namespace kexit::report {

// null for "", so a script tests one thing for "unknown".
inline nlohmann::ordered_json text_or_null(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
}

}  // namespace kexit::report
