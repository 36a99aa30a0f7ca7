#include "kube/event_facts.h"

#include <algorithm>

#include "base/json_field_reader.h"

namespace kexit::kube {
namespace {

// core/v1 names the object `involvedObject`; events.k8s.io/v1 names it `regarding`.
Status read_object(const JsonFieldReader& root, bool events_v1, EventFacts& facts) {
  KEXIT_ASSIGN(object, root.object_field(events_v1 ? "regarding" : "involvedObject"));
  KEXIT_ASSIGN(kind, object.string_field("kind"));
  KEXIT_ASSIGN(namespace_name, object.string_field("namespace"));
  KEXIT_ASSIGN(name, object.string_field("name"));
  KEXIT_ASSIGN(uid, object.string_field("uid"));
  KEXIT_ASSIGN(field_path, object.string_field("fieldPath"));
  facts.object_kind = kind;
  facts.object_namespace = namespace_name;
  facts.object_name = name;
  facts.object_uid = uid;
  facts.field_path = field_path;
  return ok_status();
}

Status read_core_v1(const JsonFieldReader& root, EventFacts& facts) {
  KEXIT_ASSIGN(message, root.string_field("message"));
  KEXIT_ASSIGN(source, root.object_field("source"));
  KEXIT_ASSIGN(component, source.string_field("component"));
  KEXIT_ASSIGN(controller, root.string_field("reportingComponent"));
  KEXIT_ASSIGN(count, root.integer_field("count"));
  KEXIT_ASSIGN(first, root.string_field("firstTimestamp"));
  KEXIT_ASSIGN(last, root.string_field("lastTimestamp"));
  KEXIT_ASSIGN(event_time, root.string_field("eventTime"));
  facts.message = message;
  facts.source = component.empty() ? controller : component;
  facts.count = static_cast<int>(std::max(1LL, count.value_or(1)));
  // Events written through events.k8s.io/v1 show in core/v1 with eventTime only.
  facts.first_time = first.empty() ? event_time : first;
  facts.last_time = last.empty() ? facts.first_time : last;
  return ok_status();
}

Status read_events_v1(const JsonFieldReader& root, EventFacts& facts) {
  KEXIT_ASSIGN(note, root.string_field("note"));
  KEXIT_ASSIGN(controller, root.string_field("reportingController"));
  KEXIT_ASSIGN(deprecated_source, root.object_field("deprecatedSource"));
  KEXIT_ASSIGN(component, deprecated_source.string_field("component"));
  KEXIT_ASSIGN(event_time, root.string_field("eventTime"));
  KEXIT_ASSIGN(deprecated_first, root.string_field("deprecatedFirstTimestamp"));
  KEXIT_ASSIGN(deprecated_last, root.string_field("deprecatedLastTimestamp"));
  KEXIT_ASSIGN(deprecated_count, root.integer_field("deprecatedCount"));
  KEXIT_ASSIGN(series, root.object_field("series"));
  KEXIT_ASSIGN(series_count, series.integer_field("count"));
  KEXIT_ASSIGN(series_last, series.string_field("lastObservedTime"));
  facts.message = note;
  facts.source = controller.empty() ? component : controller;
  facts.count =
      static_cast<int>(std::max(1LL, series_count.value_or(deprecated_count.value_or(1))));
  facts.first_time = deprecated_first.empty() ? event_time : deprecated_first;
  facts.last_time = !series_last.empty()       ? series_last
                    : !deprecated_last.empty() ? deprecated_last
                                               : facts.first_time;
  return ok_status();
}

}  // namespace

bool is_event_object(const nlohmann::json& object) {
  // json::value() throws when the field holds another type; a pod file may hold anything.
  if (!object.is_object()) {
    return false;
  }
  const std::string kind = string_or_empty(object, "kind");
  // The items of a list as the API server sends it (kubectl get --raw .../events) carry no kind
  // of their own: an Event is then known by the object it is about.
  if (kind.empty()) {
    return object.contains("involvedObject") || object.contains("regarding");
  }
  if (kind != "Event") {
    return false;
  }
  std::string api_version = string_or_empty(object, "apiVersion");
  return api_version.empty() || api_version == "v1" || api_version == "events.k8s.io/v1";
}

Expected<EventFacts> parse_event(const nlohmann::json& event, const std::string& source,
                                 const std::string& path) {
  if (!event.is_object()) {
    return Error{"expected an Event object, got " + describe_json(event), source + ":" + path};
  }
  JsonFieldReader root(event, source, path);
  KEXIT_ASSIGN(api_version, root.string_field("apiVersion"));
  // Without apiVersion (an item of the API's EventList), events.k8s.io/v1 names `regarding`.
  const bool events_v1 =
      api_version == "events.k8s.io/v1" || (api_version.empty() && event.contains("regarding"));
  EventFacts facts;
  KEXIT_ASSIGN(type, root.string_field("type"));
  KEXIT_ASSIGN(reason, root.string_field("reason"));
  facts.type = type;
  facts.reason = reason;
  KEXIT_CHECK(read_object(root, events_v1, facts));
  KEXIT_CHECK(events_v1 ? read_events_v1(root, facts) : read_core_v1(root, facts));
  if (facts.reason.empty() && facts.message.empty()) {
    return root.error_at("reason",
                         "missing: an Event without reason or message says nothing; is this "
                         "the output of kubectl get events -o json?");
  }
  return facts;
}

std::string container_of_field_path(const std::string& field_path) {
  for (const char* prefix :
       {"spec.containers{", "spec.initContainers{", "spec.ephemeralContainers{"}) {
    std::string_view text(field_path);
    std::string_view head(prefix);
    if (text.substr(0, head.size()) == head && text.back() == '}') {
      return std::string(text.substr(head.size(), text.size() - head.size() - 1));
    }
  }
  return "";
}

bool concerns_container(const EventFacts& event, const std::string& container) {
  if (event.field_path.empty()) {
    return true;
  }
  return container_of_field_path(event.field_path) == container;
}

}  // namespace kexit::kube
