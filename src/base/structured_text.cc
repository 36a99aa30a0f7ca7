#include "base/structured_text.h"

#include <yaml-cpp/yaml.h>

#include <regex>

#include "base/decimal_number.h"
#include "base/json_dom_builder.h"
#include "base/nesting_limits.h"
#include "base/text.h"
#include "base/yaml_bounds.h"

namespace kexit {
namespace {

using nlohmann::json;

// A float of the YAML 1.2 core schema.
bool has_float_syntax(const std::string& text) {
  static const std::regex kFloat(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  return std::regex_match(text, kFloat);
}

// YAML 1.2 core schema resolution for plain scalars.
json plain_scalar_to_json(const std::string& text) {
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
    return nullptr;
  }
  if (text == "true" || text == "True" || text == "TRUE") {
    return true;
  }
  if (text == "false" || text == "False" || text == "FALSE") {
    return false;
  }
  long long integer = 0;
  if (parse_int(text, integer)) {
    return integer;
  }
  if (has_float_syntax(text)) {
    // Not std::stod, which threw on a number beyond a double (1e999 ended kexit with
    // "internal error: stod"), nor strtod, which reads "1.5" as 1 under a locale whose
    // decimal point is a comma. A number beyond a double stays text, as Go's YAML readers
    // (kubectl's) keep it; an underflow (1e-999) reads as 0 or the nearest denormal.
    if (auto value = parse_decimal(text)) {
      return *value;
    }
  }
  return text;
}

json yaml_node_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      // yaml-cpp tags quoted and block scalars "!": they are strings whatever they hold.
      if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str") {
        return node.Scalar();
      }
      return plain_scalar_to_json(node.Scalar());
    case YAML::NodeType::Sequence: {
      json array = json::array();
      for (const auto& item : node) {
        array.push_back(yaml_node_to_json(item));
      }
      return array;
    }
    case YAML::NodeType::Map: {
      json object = json::object();
      for (const auto& entry : node) {
        object[entry.first.as<std::string>()] = yaml_node_to_json(entry.second);
      }
      return object;
    }
  }
  return nullptr;
}

bool needs_quotes(const std::string& text) {
  if (text.empty()) {
    return true;
  }
  // 1e999 is text to kexit but may be infinity to another reader.
  if (!plain_scalar_to_json(text).is_string() || has_float_syntax(text)) {
    return true;
  }
  // YAML 1.1 readers (PyYAML, older yaml-cpp users) take these as booleans or timestamps.
  static const std::regex kYaml11Special(
      R"((y|n|yes|no|on|off)|[0-9]{4}-[0-9]{2}-[0-9]{2}.*|[0-9:]+)", std::regex::icase);
  if (std::regex_match(text, kYaml11Special)) {
    return true;
  }
  static const std::string kSpecialFirst = "!&*-?:,[]{}#|>@`\"'%";
  if (kSpecialFirst.find(text.front()) != std::string::npos || text.back() == ' ' ||
      text.front() == ' ') {
    return true;
  }
  return text.find(": ") != std::string::npos || text.find(" #") != std::string::npos ||
         text.find('\n') != std::string::npos || text.find('\t') != std::string::npos ||
         text.back() == ':';
}

void emit_yaml(const nlohmann::ordered_json& value, YAML::Emitter& out) {
  switch (value.type()) {
    case nlohmann::ordered_json::value_t::object:
      out << YAML::BeginMap;
      for (const auto& [key, item] : value.items()) {
        out << YAML::Key << key << YAML::Value;
        emit_yaml(item, out);
      }
      out << YAML::EndMap;
      break;
    case json::value_t::array:
      out << YAML::BeginSeq;
      for (const auto& item : value) {
        emit_yaml(item, out);
      }
      out << YAML::EndSeq;
      break;
    case json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      // needs_quotes covers newlines too.
      if (needs_quotes(text)) {
        out << YAML::DoubleQuoted << text;
      } else {
        out << text;
      }
      break;
    }
    case json::value_t::boolean:
      out << (value.get<bool>() ? "true" : "false");
      break;
    case json::value_t::number_integer:
      out << value.get<long long>();
      break;
    case json::value_t::number_unsigned:
      out << value.get<unsigned long long>();
      break;
    case json::value_t::number_float:
      out << value.dump();
      break;
    default:
      out << YAML::Null;
      break;
  }
}

}  // namespace

nlohmann::json yaml_to_json(const YAML::Node& node) { return yaml_node_to_json(node); }

std::string line_and_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

Error json_stop_error(const JsonDomBuilder::Stop& stop, std::string_view text,
                      const std::string& source) {
  if (stop.too_deep) {
    return Error{"JSON nested deeper than " + std::to_string(kMaxNestingDepth) +
                     " levels, kexit's limit (a Kubernetes object nests about 10); pass the "
                     "file as kubectl wrote it",
                 source + ":" + line_and_column(text, offset_past_depth(text, kMaxNestingDepth))};
  }
  // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 1, column 2: ".
  std::size_t detail = stop.what.find(": ");
  std::string reason = detail == std::string::npos ? stop.what : stop.what.substr(detail + 2);
  std::size_t offset = stop.byte > 0 ? stop.byte - 1 : 0;
  return Error{"invalid JSON: " + to_lower(reason.substr(0, 1)) + reason.substr(1) +
                   "; fix the file or pass YAML",
               source + ":" + line_and_column(text, offset)};
}

Expected<nlohmann::json> parse_json(std::string_view text, const std::string& source) {
  JsonDomBuilder builder;
  if (json::sax_parse(text.begin(), text.end(), &builder)) {
    return builder.take();
  }
  return json_stop_error(*builder.stop(), text, source);
}

Expected<std::vector<nlohmann::json>> parse_yaml_documents(std::string_view text,
                                                           const std::string& source) {
  KEXIT_CHECK(check_yaml_bounds(text, source));
  try {
    std::vector<json> documents;
    for (const auto& node : YAML::LoadAll(std::string(text))) {
      if (node.IsNull()) {
        continue;
      }
      documents.push_back(yaml_node_to_json(node));
    }
    return documents;
  } catch (const YAML::Exception& error) {
    std::string where = source;
    if (!error.mark.is_null()) {
      where +=
          ":" + std::to_string(error.mark.line + 1) + ":" + std::to_string(error.mark.column + 1);
    }
    return Error{"invalid YAML: " + error.msg + "; fix the indentation or quoting there", where};
  }
}

Expected<std::vector<nlohmann::json>> parse_json_or_yaml(std::string_view text,
                                                         const std::string& source) {
  std::string_view start = trim(text);
  if (!start.empty() && (start.front() == '{' || start.front() == '[')) {
    auto document = parse_json(text, source);
    if (!document) {
      return document.error();
    }
    return std::vector<json>{std::move(document).value()};
  }
  return parse_yaml_documents(text, source);
}

std::string to_yaml(const nlohmann::ordered_json& value) {
  YAML::Emitter out;
  out.SetIndent(2);
  out.SetSeqFormat(YAML::Block);
  out.SetMapFormat(YAML::Block);
  emit_yaml(value, out);
  std::string text = out.c_str();
  text += "\n";
  return text;
}

}  // namespace kexit
