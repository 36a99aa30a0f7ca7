#include "kubesim/event_recorder.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

std::string text_at(const json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

}  // namespace

std::string event_aggregation_key(const json& event) {
  // The fields of events_cache.go getEventKey, in its order, joined without a separator.
  const json source = event.value("source", json::object());
  const json involved = event.value("involvedObject", json::object());
  std::string key;
  for (const char* field : {"component", "host"}) {
    key += text_at(source, field);
  }
  for (const char* field : {"kind", "namespace", "name", "fieldPath", "uid", "apiVersion"}) {
    key += text_at(involved, field);
  }
  for (const char* field : {"type", "reason", "message"}) {
    key += text_at(event, field);
  }
  return key;
}

Expected<ObjectPtr> EventRecorder::record(json event) {
  std::string key = event_aggregation_key(event);
  std::string namespace_name = event["metadata"].value("namespace", "default");
  std::lock_guard lock(mutex_);
  auto known = names_.find(key);
  if (known != names_.end()) {
    std::string name = known->second.substr(known->second.find('/') + 1);
    if (ObjectPtr stored = cluster_.store().get("events", namespace_name, name)) {
      json repeated = json::parse(stored->json);
      repeated["apiVersion"] = "v1";
      repeated["kind"] = "Event";
      repeated["count"] = repeated.value("count", 1) + 1;
      repeated["lastTimestamp"] = event["lastTimestamp"];
      return cluster_.put(std::move(repeated));
    }
  }
  auto stored = cluster_.put(std::move(event));
  if (stored) {
    names_[key] = namespace_name + "/" + stored.value()->name;
  }
  return stored;
}

}  // namespace kexit::kubesim
