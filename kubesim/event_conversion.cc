#include "kubesim/event_conversion.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

void move_field(const json& from, const char* from_key, json& to, const char* to_key) {
  auto it = from.find(from_key);
  if (it != from.end() && !it->is_null()) {
    to[to_key] = *it;
  }
}

}  // namespace

json normalize_core_event(json event) {
  event["apiVersion"] = "v1";
  event["kind"] = "Event";
  if (!event.contains("involvedObject") || !event["involvedObject"].is_object()) {
    event["involvedObject"] = json::object();
  }
  for (const char* key : {"reportingComponent", "reportingInstance"}) {
    if (!event.contains(key) || event[key].is_null()) {
      event[key] = "";
    }
  }
  for (const char* key : {"firstTimestamp", "lastTimestamp", "eventTime"}) {
    if (!event.contains(key)) {
      event[key] = nullptr;
    }
  }
  if (!event.contains("source") || !event["source"].is_object()) {
    event["source"] = json::object();
  }
  if (event.contains("count") && event["count"].is_number_integer() &&
      event["count"].get<long long>() == 0) {
    event.erase("count");
  }
  return event;
}

json core_event_to_events_v1(const json& event) {
  json out = {{"apiVersion", "events.k8s.io/v1"}, {"kind", "Event"}};
  move_field(event, "metadata", out, "metadata");
  out["eventTime"] = event.contains("eventTime") ? event["eventTime"] : json(nullptr);
  move_field(event, "series", out, "series");
  if (event.contains("reportingComponent") && event["reportingComponent"] != "") {
    out["reportingController"] = event["reportingComponent"];
  }
  if (event.contains("reportingInstance") && event["reportingInstance"] != "") {
    out["reportingInstance"] = event["reportingInstance"];
  }
  move_field(event, "action", out, "action");
  move_field(event, "reason", out, "reason");
  move_field(event, "involvedObject", out, "regarding");
  move_field(event, "related", out, "related");
  move_field(event, "message", out, "note");
  move_field(event, "type", out, "type");
  if (event.contains("source") && event["source"].is_object() && !event["source"].empty()) {
    out["deprecatedSource"] = event["source"];
  } else {
    out["deprecatedSource"] = json::object();
  }
  out["deprecatedFirstTimestamp"] =
      event.contains("firstTimestamp") ? event["firstTimestamp"] : json(nullptr);
  out["deprecatedLastTimestamp"] =
      event.contains("lastTimestamp") ? event["lastTimestamp"] : json(nullptr);
  move_field(event, "count", out, "deprecatedCount");
  return out;
}

json events_v1_to_core_event(const json& event) {
  json out = {{"apiVersion", "v1"}, {"kind", "Event"}};
  move_field(event, "metadata", out, "metadata");
  move_field(event, "eventTime", out, "eventTime");
  move_field(event, "series", out, "series");
  move_field(event, "reportingController", out, "reportingComponent");
  move_field(event, "reportingInstance", out, "reportingInstance");
  move_field(event, "action", out, "action");
  move_field(event, "reason", out, "reason");
  move_field(event, "regarding", out, "involvedObject");
  move_field(event, "related", out, "related");
  move_field(event, "note", out, "message");
  move_field(event, "type", out, "type");
  move_field(event, "deprecatedSource", out, "source");
  move_field(event, "deprecatedFirstTimestamp", out, "firstTimestamp");
  move_field(event, "deprecatedLastTimestamp", out, "lastTimestamp");
  move_field(event, "deprecatedCount", out, "count");
  return normalize_core_event(std::move(out));
}

}  // namespace kexit::kubesim
