#include "kubesim/patch.h"

#include <algorithm>
#include <string>

#include "base/text.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

// Lists merged element by element, and the key that identifies an element (the
// `patchMergeKey`s of k8s.io/api for the fields kubesim's kinds carry).
const char* merge_key_of(std::string_view field) {
  static const std::pair<std::string_view, const char*> kKeys[] = {
      {"containers", "name"},
      {"initContainers", "name"},
      {"ephemeralContainers", "name"},
      {"env", "name"},
      {"ports", "containerPort"},
      {"volumeMounts", "mountPath"},
      {"volumeDevices", "devicePath"},
      {"volumes", "name"},
      {"imagePullSecrets", "name"},
      {"conditions", "type"},
      {"ownerReferences", "uid"},
      {"hostAliases", "ip"},
      {"podIPs", "ip"},
      {"hostIPs", "ip"},
      {"resourceClaims", "name"},
  };
  for (const auto& [name, key] : kKeys) {
    if (name == field) {
      return key;
    }
  }
  return nullptr;
}

// Primitive lists whose patch strategy is "merge" (union) rather than replace.
bool merges_primitives(std::string_view field) { return field == "finalizers"; }

json merge_value(const json& target, const json& patch, std::string_view field);

json merge_list(const json& target, const json& patch, std::string_view field) {
  // An element {"$patch": "replace"} replaces the whole list with the other elements.
  for (const auto& element : patch) {
    if (element.is_object() && element.value("$patch", "") == "replace") {
      json replaced = json::array();
      for (const auto& other : patch) {
        if (!(other.is_object() && other.contains("$patch"))) {
          replaced.push_back(other);
        }
      }
      return replaced;
    }
  }
  const char* key = merge_key_of(field);
  if (key == nullptr) {
    if (merges_primitives(field) && target.is_array()) {
      json merged = target;
      for (const auto& element : patch) {
        if (std::find(merged.begin(), merged.end(), element) == merged.end()) {
          merged.push_back(element);
        }
      }
      return merged;
    }
    return patch;
  }
  json merged = target.is_array() ? target : json::array();
  for (const auto& element : patch) {
    if (!element.is_object() || !element.contains(key)) {
      merged.push_back(element);
      continue;
    }
    auto match = std::find_if(merged.begin(), merged.end(), [&](const json& existing) {
      return existing.is_object() && existing.contains(key) && existing[key] == element[key];
    });
    if (element.value("$patch", "") == "delete") {
      if (match != merged.end()) {
        merged.erase(match);
      }
      continue;
    }
    if (match == merged.end()) {
      merged.push_back(merge_value(json::object(), element, ""));
    } else {
      *match = merge_value(*match, element, "");
    }
  }
  return merged;
}

json merge_object(const json& target, const json& patch) {
  std::string directive = patch.value("$patch", "");
  if (directive == "replace") {
    json replaced = patch;
    replaced.erase("$patch");
    return replaced;
  }
  if (directive == "delete") {
    return nullptr;
  }
  json merged = target.is_object() ? target : json::object();
  for (const auto& [key, value] : patch.items()) {
    if (key == "$patch" || starts_with(key, "$setElementOrder/")) {
      continue;
    }
    if (key == "$retainKeys") {
      continue;
    }
    if (starts_with(key, "$deleteFromPrimitiveList/")) {
      std::string field = key.substr(std::string("$deleteFromPrimitiveList/").size());
      if (merged.contains(field) && merged[field].is_array() && value.is_array()) {
        json kept = json::array();
        for (const auto& element : merged[field]) {
          if (std::find(value.begin(), value.end(), element) == value.end()) {
            kept.push_back(element);
          }
        }
        merged[field] = kept;
      }
      continue;
    }
    if (value.is_null()) {
      merged.erase(key);
      continue;
    }
    json result = merge_value(merged.contains(key) ? merged[key] : json(), value, key);
    if (result.is_null()) {
      merged.erase(key);
    } else {
      merged[key] = result;
    }
  }
  if (patch.contains("$retainKeys") && patch["$retainKeys"].is_array()) {
    const json& retain = patch["$retainKeys"];
    json kept = json::object();
    for (const auto& [key, value] : merged.items()) {
      if (std::find(retain.begin(), retain.end(), key) != retain.end()) {
        kept[key] = value;
      }
    }
    merged = kept;
  }
  return merged;
}

json merge_value(const json& target, const json& patch, std::string_view field) {
  if (patch.is_object()) {
    return merge_object(target, patch);
  }
  if (patch.is_array()) {
    return merge_list(target, patch, field);
  }
  return patch;
}

}  // namespace

std::optional<PatchType> patch_type_of(std::string_view content_type) {
  std::string_view media = trim(content_type.substr(0, content_type.find(';')));
  if (media == "application/json-patch+json") {
    return PatchType::Json;
  }
  if (media == "application/merge-patch+json") {
    return PatchType::Merge;
  }
  if (media == "application/strategic-merge-patch+json") {
    return PatchType::StrategicMerge;
  }
  return std::nullopt;
}

json strategic_merge(const json& target, const json& patch) {
  json merged = merge_value(target, patch, "");
  return merged.is_null() ? json::object() : merged;
}

Expected<json> apply_patch(PatchType type, const json& target, const json& patch) {
  switch (type) {
    case PatchType::Json:
      if (!patch.is_array()) {
        return Error{"json patch must be an array of operations"};
      }
      try {
        return target.patch(patch);
      } catch (const json::exception& error) {
        std::string what = error.what();
        std::size_t detail = what.find("] ");
        return Error{detail == std::string::npos ? what : what.substr(detail + 2)};
      }
    case PatchType::Merge: {
      if (!patch.is_object()) {
        return Error{"merge patch must be a JSON object"};
      }
      json merged = target;
      merged.merge_patch(patch);
      return merged;
    }
    case PatchType::StrategicMerge:
      if (!patch.is_object()) {
        return Error{"strategic merge patch must be a JSON object"};
      }
      return strategic_merge(target, patch);
  }
  return Error{"unknown patch type"};
}

}  // namespace kexit::kubesim
