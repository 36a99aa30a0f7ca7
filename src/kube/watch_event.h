#pragma once
// WatchEvent: one `{"type": ..., "object": ...}` value of a watch stream.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/expected.h"

namespace kexit::kube {

enum class WatchEventType { kAdded, kModified, kDeleted, kBookmark, kError };
const char* to_string(WatchEventType type);

struct WatchEvent {
  WatchEventType type = WatchEventType::kAdded;
  // The object; for kError a metav1.Status; for kBookmark only metadata.resourceVersion.
  nlohmann::json object;
};

// Decodes one event from its JSON value.
Expected<WatchEvent> parse_watch_event(const nlohmann::json& value);

// metadata.resourceVersion of an object, or "".
std::string resource_version_of(const nlohmann::json& object);

}  // namespace kexit::kube
