#pragma once
// The one adapter from JSON and YAML text to nlohmann::json values, turning parser exceptions
// into Errors that name the file, line and column.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.h"
#include "base/json_dom_builder.h"

namespace YAML {
class Node;
}

namespace kexit {

// Parses JSON text; errors say "SOURCE:LINE:COLUMN".
Expected<nlohmann::json> parse_json(std::string_view text, const std::string& source);

// The error for a JSON parse that stopped early (too deep, or a syntax error), naming
// SOURCE:LINE:COLUMN in `text`.
Error json_stop_error(const JsonDomBuilder::Stop& stop, std::string_view text,
                      const std::string& source);

// Parses every YAML document in the text. Quoted scalars stay strings; plain scalars become
// null, booleans, integers or floats where YAML 1.2's core schema says so.
Expected<std::vector<nlohmann::json>> parse_yaml_documents(std::string_view text,
                                                           const std::string& source);

// One yaml-cpp node as JSON, with the scalar typing of parse_yaml_documents (quoted scalars
// stay strings). For callers that already hold nodes, such as the knowledge loader.
nlohmann::json yaml_to_json(const YAML::Node& node);

// JSON when the text starts with '{' or '[', else YAML; every document, in order.
Expected<std::vector<nlohmann::json>> parse_json_or_yaml(std::string_view text,
                                                         const std::string& source);

// Serialises a value as block-style YAML (for `-o yaml`), keys in the value's order.
std::string to_yaml(const nlohmann::ordered_json& value);

// Line and column (1-based) of a byte offset.
std::string line_and_column(std::string_view text, std::size_t offset);

}  // namespace kexit
