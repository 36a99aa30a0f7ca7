#include "kube/watch_event.h"

namespace kexit::kube {

const char* to_string(WatchEventType type) {
  switch (type) {
    case WatchEventType::kAdded:
      return "ADDED";
    case WatchEventType::kModified:
      return "MODIFIED";
    case WatchEventType::kDeleted:
      return "DELETED";
    case WatchEventType::kBookmark:
      return "BOOKMARK";
    case WatchEventType::kError:
      return "ERROR";
  }
  return "ERROR";
}

Expected<WatchEvent> parse_watch_event(const nlohmann::json& value) {
  if (!value.is_object()) {
    return Error{"watch event is not a JSON object; the server or a proxy sent something else"};
  }
  auto type = value.find("type");
  auto object = value.find("object");
  if (type == value.end() || !type->is_string()) {
    return Error{"watch event has no \"type\"; the server or a proxy sent something else"};
  }
  if (object == value.end() || !object->is_object()) {
    return Error{"watch event has no \"object\"; the server or a proxy sent something else"};
  }
  WatchEvent event;
  const std::string& name = type->get_ref<const std::string&>();
  if (name == "ADDED") {
    event.type = WatchEventType::kAdded;
  } else if (name == "MODIFIED") {
    event.type = WatchEventType::kModified;
  } else if (name == "DELETED") {
    event.type = WatchEventType::kDeleted;
  } else if (name == "BOOKMARK") {
    event.type = WatchEventType::kBookmark;
  } else if (name == "ERROR") {
    event.type = WatchEventType::kError;
  } else {
    return Error{"unknown watch event type \"" + name + "\""};
  }
  event.object = *object;
  return event;
}

std::string resource_version_of(const nlohmann::json& object) {
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) {
    return "";
  }
  auto version = metadata->find("resourceVersion");
  if (version == metadata->end() || !version->is_string()) {
    return "";
  }
  return version->get<std::string>();
}

}  // namespace kexit::kube
