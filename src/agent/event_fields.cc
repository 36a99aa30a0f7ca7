#include "agent/event_fields.h"

#include "kube/api_time.h"

namespace kexit::agent::event_fields {

const nlohmann::json& object_at(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!object.is_object()) {
    return kEmpty;
  }
  auto found = object.find(key);
  return found != object.end() && found->is_object() ? *found : kEmpty;
}

std::string string_at(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) {
    return "";
  }
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

const nlohmann::json& regarding(const nlohmann::json& event) {
  return event.is_object() && event.contains("regarding") ? object_at(event, "regarding")
                                                          : object_at(event, "involvedObject");
}

int count(const nlohmann::json& event) {
  for (const auto* holder : {&object_at(event, "series"), &event}) {
    if (!holder->is_object()) {
      continue;
    }
    auto found = holder->find("count");
    if (found != holder->end() && found->is_number_integer() && found->get<int>() > 0) {
      return found->get<int>();
    }
  }
  return 1;
}

kube::TimePoint last_observed(const nlohmann::json& event) {
  for (const auto& time : {string_at(object_at(event, "series"), "lastObservedTime"),
                           string_at(event, "lastTimestamp"), string_at(event, "eventTime")}) {
    if (auto parsed = kube::parse_api_time(time)) {
      return *parsed;
    }
  }
  return {};
}

}  // namespace kexit::agent::event_fields
