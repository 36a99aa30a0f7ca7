#include "kubesim/typed_decoding.h"

#include <cstdint>
#include <limits>

#include "kubesim/pod_spec_location.h"
#include "kubesim/quantity.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

const char* const kProbes[] = {"livenessProbe", "readinessProbe", "startupProbe"};
const char* const kProbeFields[] = {"initialDelaySeconds", "timeoutSeconds", "periodSeconds",
                                    "successThreshold", "failureThreshold"};

// How encoding/json's UnmarshalTypeError names the JSON value it could not store.
std::string json_value_name(const json& value) {
  switch (value.type()) {
    case json::value_t::string:
      return "string";
    case json::value_t::boolean:
      return "bool";
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    default:
      return "number " + value.dump();
  }
}

bool is_int32(const json& value) {
  if (value.is_number_unsigned()) {
    return value.get<std::uint64_t>() <=
           static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max());
  }
  if (value.is_number_integer()) {
    auto number = value.get<std::int64_t>();
    return number >= std::numeric_limits<std::int32_t>::min() &&
           number <= std::numeric_limits<std::int32_t>::max();
  }
  return value.is_null();
}

std::optional<std::string> quantity_error(const json& resources) {
  for (const char* list : {"limits", "requests"}) {
    if (!resources.is_object() || !resources.contains(list) || !resources[list].is_object()) {
      continue;
    }
    for (const auto& [name, value] : resources[list].items()) {
      if (value.is_number()) {
        continue;
      }
      if (!value.is_string() || !parse_quantity(value.get<std::string>())) {
        return std::string(kQuantityFormatError);
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> probe_error(const json& container, const std::string& go_path) {
  for (const char* probe : kProbes) {
    if (!container.contains(probe) || !container[probe].is_object()) {
      continue;
    }
    for (const char* field : kProbeFields) {
      const json& value = container[probe].value(field, json());
      if (!is_int32(value)) {
        return "json: cannot unmarshal " + json_value_name(value) + " into Go struct field Probe." +
               go_path + "." + probe + "." + field + " of type int32";
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> decoding_error(const ResourceType& type, const json& object) {
  auto location = pod_spec_location(type.kind);
  const json* spec = location ? value_at(object, location->keys) : nullptr;
  if (spec == nullptr) {
    return std::nullopt;
  }
  for (const char* list : {"initContainers", "containers"}) {
    if (!spec->contains(list) || !(*spec)[list].is_array()) {
      continue;
    }
    for (const json& container : (*spec)[list]) {
      if (!container.is_object()) {
        continue;
      }
      if (auto error = quantity_error(container.value("resources", json()))) {
        return error;
      }
      if (auto error = probe_error(container, location->path + "." + list)) {
        return error;
      }
    }
  }
  return std::nullopt;
}

ApiError body_decoding_error(const ResourceType& type, const std::string& error) {
  return bad_request(type.kind + " in version \"" + type.version + "\" cannot be handled as a " +
                     type.kind + ": " + error);
}

ApiError patch_decoding_error(const json& patch, const std::string& error) {
  FieldError field_error{"patch", json(patch.dump()).dump(), error};
  return invalid_fields("", GroupResource{}, "", {field_error});
}

}  // namespace kexit::kubesim
