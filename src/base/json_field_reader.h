#pragma once
// JsonFieldReader: typed fields below one JSON object, with errors naming the file and the
// field's path (".status.containerStatuses[2].exitCode").

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/expected.h"

namespace kexit {

// Compact JSON text of a value; bytes that are not UTF-8 (YAML lets them through) become
// U+FFFD instead of making nlohmann throw.
std::string json_text(const nlohmann::json& value);

// The string in `object[field]`, or "" when it is missing or of another type: for what may be
// read loosely (json::value() would throw on a field of the wrong type).
std::string string_or_empty(const nlohmann::json& object, const char* field);

// A value as shown in an error message, cut to about 60 characters.
std::string describe_json(const nlohmann::json& value);

// Missing fields and nulls read as empty: they are normal in Pods and in hand-written files.
class JsonFieldReader {
 public:
  // `object` must outlive the reader; `source` names the file, `path` the object inside it.
  JsonFieldReader(const nlohmann::json& object, std::string source, std::string path)
      : object_(object), source_(std::move(source)), path_(std::move(path)) {}

  const nlohmann::json& object() const { return object_; }
  const std::string& path() const { return path_; }

  // "SOURCE:PATH.FIELD: what".
  Error error_at(const std::string& field, const std::string& what) const;

  // Empty string when missing; an error when present and not a string.
  Expected<std::string> string_field(const std::string& field) const;
  Expected<std::optional<long long>> integer_field(const std::string& field) const;
  // A child object; missing reads as an empty object.
  Expected<JsonFieldReader> object_field(const std::string& field) const;
  Expected<std::vector<JsonFieldReader>> object_list(const std::string& field) const;
  Expected<std::vector<std::string>> string_list(const std::string& field) const;
  Expected<std::map<std::string, std::string>> string_map(const std::string& field) const;

  bool has(const std::string& field) const { return find(field) != nullptr; }

 private:
  const nlohmann::json* find(const std::string& field) const;

  const nlohmann::json& object_;
  std::string source_;
  std::string path_;
};

}  // namespace kexit
