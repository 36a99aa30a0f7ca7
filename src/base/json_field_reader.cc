#include "base/json_field_reader.h"

namespace kexit {
namespace {

using nlohmann::json;

const json& empty_object() {
  static const json kEmpty = json::object();
  return kEmpty;
}

}  // namespace

std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string string_or_empty(const nlohmann::json& object, const char* field) {
  if (!object.is_object()) {
    return "";
  }
  auto it = object.find(field);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string describe_json(const nlohmann::json& value) {
  std::string text = json_text(value);
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

std::string JsonFieldReader::described(const json& value) const {
  if (quote_values_) {
    return describe_json(value);
  }
  const char* type = value.is_string()    ? "a string"
                     : value.is_boolean() ? "a boolean"
                     : value.is_number()  ? "a number"
                     : value.is_array()   ? "a list"
                     : value.is_object()  ? "an object"
                                          : "null";
  return std::string(type) + " (not quoted: it may be a credential)";
}

std::string JsonFieldReader::where(const std::string& field) const {
  return source_ + ":" + path_ + (field.empty() ? "" : "." + field);
}

Error JsonFieldReader::error_at(const std::string& field, const std::string& what) const {
  return Error{what, where(field)};
}

std::optional<std::string> JsonFieldReader::scalar_text(const json& value) const {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (scalars_ == Scalars::kAsWritten && (value.is_number() || value.is_boolean())) {
    return value.dump();
  }
  return std::nullopt;
}

const json* JsonFieldReader::find(const std::string& field) const {
  auto it = object_.find(field);
  if (it == object_.end() || it->is_null()) {
    return nullptr;
  }
  return &*it;
}

Expected<std::string> JsonFieldReader::string_field(const std::string& field) const {
  const json* value = find(field);
  if (value == nullptr) {
    return std::string();
  }
  std::optional<std::string> text = scalar_text(*value);
  if (!text) {
    return error_at(field, "expected a string, got " + described(*value));
  }
  return std::move(*text);
}

Expected<std::optional<long long>> JsonFieldReader::integer_field(const std::string& field) const {
  const json* value = find(field);
  if (value == nullptr) {
    return std::optional<long long>();
  }
  if (!value->is_number_integer()) {
    return error_at(field, "expected an integer, got " + described(*value));
  }
  return std::optional<long long>(value->get<long long>());
}

Expected<bool> JsonFieldReader::bool_field(const std::string& field) const {
  const json* value = find(field);
  if (value == nullptr) {
    return false;
  }
  if (value->is_boolean()) {
    return value->get<bool>();
  }
  if (scalars_ == Scalars::kAsWritten && (*value == "true" || *value == "false")) {
    return *value == "true";
  }
  return error_at(field, "expected true or false, got " + described(*value));
}

Expected<JsonFieldReader> JsonFieldReader::object_field(const std::string& field) const {
  const json* value = find(field);
  if (value == nullptr) {
    return child(empty_object(), path_ + "." + field);
  }
  if (!value->is_object()) {
    return error_at(field, "expected an object, got " + described(*value));
  }
  return child(*value, path_ + "." + field);
}

Expected<std::vector<JsonFieldReader>> JsonFieldReader::object_list(
    const std::string& field) const {
  std::vector<JsonFieldReader> items;
  const json* value = find(field);
  if (value == nullptr) {
    return items;
  }
  if (!value->is_array()) {
    return error_at(field, "expected a list, got " + described(*value));
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    const json& item = (*value)[i];
    std::string item_path = path_ + "." + field + "[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      return Error{"expected an object, got " + described(item), source_ + ":" + item_path};
    }
    items.push_back(child(item, item_path));
  }
  return items;
}

Expected<std::vector<std::string>> JsonFieldReader::string_list(const std::string& field) const {
  std::vector<std::string> items;
  const json* value = find(field);
  if (value == nullptr) {
    return items;
  }
  if (!value->is_array()) {
    return error_at(field, "expected a list of strings, got " + described(*value));
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    std::optional<std::string> text = scalar_text((*value)[i]);
    if (!text) {
      return error_at(field + "[" + std::to_string(i) + "]",
                      "expected a string, got " + described((*value)[i]));
    }
    items.push_back(std::move(*text));
  }
  return items;
}

Expected<std::map<std::string, std::string>> JsonFieldReader::string_map(
    const std::string& field) const {
  std::map<std::string, std::string> entries;
  const json* value = find(field);
  if (value == nullptr) {
    return entries;
  }
  if (!value->is_object()) {
    return error_at(field, "expected a map of strings, got " + described(*value));
  }
  for (const auto& [key, item] : value->items()) {
    std::optional<std::string> text = scalar_text(item);
    if (!text) {
      return error_at(field + "." + key, "expected a string, got " + described(item));
    }
    entries[key] = std::move(*text);
  }
  return entries;
}

}  // namespace kexit
