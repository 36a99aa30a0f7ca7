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

// How a string field takes a scalar of another type. Pods come from the API server, whose
// strings are always JSON strings; a kubeconfig is hand-written YAML, where `namespace: 2024`
// or `insecure-skip-tls-verify: "true"` are plain scalars that kubectl reads as written.
enum class Scalars {
  kStrict,     // a string field must hold a string, a boolean field a boolean
  kAsWritten,  // numbers and booleans read as their text; "true"/"false" read as booleans
};

// The one typed reader of JSON (and YAML, read as JSON) objects. Missing fields and nulls read
// as empty: they are normal in Pods and in hand-written files.
class JsonFieldReader {
 public:
  // `object` must outlive the reader; `source` names the file, `path` the object inside it.
  JsonFieldReader(const nlohmann::json& object, std::string source, std::string path,
                  Scalars scalars = Scalars::kStrict)
      : object_(object), source_(std::move(source)), path_(std::move(path)), scalars_(scalars) {}

  const nlohmann::json& object() const { return object_; }
  const std::string& source() const { return source_; }
  const std::string& path() const { return path_; }

  // "SOURCE:PATH.FIELD", or "SOURCE:PATH" for the object itself.
  std::string where(const std::string& field = "") const;
  // "SOURCE:PATH.FIELD: what".
  Error error_at(const std::string& field, const std::string& what) const;

  // Empty string when missing; an error when present and not a string (see Scalars).
  Expected<std::string> string_field(const std::string& field) const;
  Expected<std::optional<long long>> integer_field(const std::string& field) const;
  // False when missing; an error when present and not a boolean (see Scalars).
  Expected<bool> bool_field(const std::string& field) const;
  // A child object; missing reads as an empty object.
  Expected<JsonFieldReader> object_field(const std::string& field) const;
  Expected<std::vector<JsonFieldReader>> object_list(const std::string& field) const;
  Expected<std::vector<std::string>> string_list(const std::string& field) const;
  Expected<std::map<std::string, std::string>> string_map(const std::string& field) const;

  // This reader, with errors that quote a bad value (true, the default) or name only its type
  // (false): a credential's value (a token, a password, a key) must not reach an error message.
  // Readers of child objects keep the setting.
  JsonFieldReader quoting_values(bool quote) const {
    JsonFieldReader copy = *this;
    copy.quote_values_ = quote;
    return copy;
  }

  bool has(const std::string& field) const { return find(field) != nullptr; }
  // The field's value, or nullptr when it is missing or null.
  const nlohmann::json* find(const std::string& field) const;

 private:
  // A reader of `value` at `path`, in this reader's file and mode.
  JsonFieldReader child(const nlohmann::json& value, std::string path) const {
    return JsonFieldReader(value, source_, std::move(path), scalars_).quoting_values(quote_values_);
  }
  // What an error says a bad value was: the value itself, or only its type.
  std::string described(const nlohmann::json& value) const;
  // `value` as a string, or std::nullopt when it is not one in this reader's mode.
  std::optional<std::string> scalar_text(const nlohmann::json& value) const;

  const nlohmann::json& object_;
  std::string source_;
  std::string path_;
  Scalars scalars_;
  bool quote_values_ = true;
};

}  // namespace kexit
