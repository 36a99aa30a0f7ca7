#include "kubesim/selectable_fields.h"

#include <array>
#include <utility>

namespace kexit::kubesim {
namespace {

using nlohmann::json;

std::string string_at(const json& object, std::initializer_list<const char*> path) {
  const json* node = &object;
  for (const char* key : path) {
    if (!node->is_object()) {
      return "";
    }
    auto it = node->find(key);
    if (it == node->end()) {
      return "";
    }
    node = &*it;
  }
  if (node->is_string()) {
    return node->get<std::string>();
  }
  if (node->is_boolean()) {
    return node->get<bool>() ? "true" : "false";
  }
  if (node->is_number_integer()) {
    return std::to_string(node->get<long long>());
  }
  return "";
}

void add_metadata(StringPairs& fields, const json& object) {
  fields.emplace_back("metadata.name", string_at(object, {"metadata", "name"}));
  fields.emplace_back("metadata.namespace", string_at(object, {"metadata", "namespace"}));
}

StringPairs pod_fields(const json& pod) {
  StringPairs fields;
  add_metadata(fields, pod);
  fields.emplace_back("spec.nodeName", string_at(pod, {"spec", "nodeName"}));
  fields.emplace_back("spec.restartPolicy", string_at(pod, {"spec", "restartPolicy"}));
  fields.emplace_back("spec.schedulerName", string_at(pod, {"spec", "schedulerName"}));
  fields.emplace_back("spec.serviceAccountName", string_at(pod, {"spec", "serviceAccountName"}));
  std::string host_network = string_at(pod, {"spec", "hostNetwork"});
  fields.emplace_back("spec.hostNetwork", host_network.empty() ? "false" : host_network);
  fields.emplace_back("status.phase", string_at(pod, {"status", "phase"}));
  fields.emplace_back("status.podIP", string_at(pod, {"status", "podIP"}));
  fields.emplace_back("status.nominatedNodeName", string_at(pod, {"status", "nominatedNodeName"}));
  return fields;
}

StringPairs event_fields(const json& event) {
  StringPairs fields;
  add_metadata(fields, event);
  for (const char* key :
       {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"}) {
    fields.emplace_back(std::string("involvedObject.") + key,
                        string_at(event, {"involvedObject", key}));
  }
  fields.emplace_back("reason", string_at(event, {"reason"}));
  fields.emplace_back("reportingComponent", string_at(event, {"reportingComponent"}));
  fields.emplace_back("source", string_at(event, {"source", "component"}));
  fields.emplace_back("type", string_at(event, {"type"}));
  return fields;
}

StringPairs namespace_fields(const json& object) {
  StringPairs fields;
  add_metadata(fields, object);
  fields.emplace_back("status.phase", string_at(object, {"status", "phase"}));
  return fields;
}

// Field labels a view accepts, mapped to stored names.
using LabelMap = std::vector<std::pair<std::string_view, std::string_view>>;

const LabelMap& label_map(const ResourceType& type) {
  static const LabelMap kMetadata = {{"metadata.name", "metadata.name"},
                                     {"metadata.namespace", "metadata.namespace"}};
  static const LabelMap kPods = {
      {"metadata.name", "metadata.name"},
      {"metadata.namespace", "metadata.namespace"},
      {"spec.nodeName", "spec.nodeName"},
      {"spec.host", "spec.nodeName"},
      {"spec.restartPolicy", "spec.restartPolicy"},
      {"spec.schedulerName", "spec.schedulerName"},
      {"spec.serviceAccountName", "spec.serviceAccountName"},
      {"spec.hostNetwork", "spec.hostNetwork"},
      {"status.phase", "status.phase"},
      {"status.podIP", "status.podIP"},
      {"status.podIPs", "status.podIP"},
      {"status.nominatedNodeName", "status.nominatedNodeName"},
  };
  static const LabelMap kCoreEvents = {
      {"metadata.name", "metadata.name"},
      {"metadata.namespace", "metadata.namespace"},
      {"involvedObject.kind", "involvedObject.kind"},
      {"involvedObject.namespace", "involvedObject.namespace"},
      {"involvedObject.name", "involvedObject.name"},
      {"involvedObject.uid", "involvedObject.uid"},
      {"involvedObject.apiVersion", "involvedObject.apiVersion"},
      {"involvedObject.resourceVersion", "involvedObject.resourceVersion"},
      {"involvedObject.fieldPath", "involvedObject.fieldPath"},
      {"reason", "reason"},
      {"reportingComponent", "reportingComponent"},
      {"source", "source"},
      {"type", "type"},
  };
  static const LabelMap kEventsV1 = {
      {"metadata.name", "metadata.name"},
      {"metadata.namespace", "metadata.namespace"},
      {"regarding.kind", "involvedObject.kind"},
      {"regarding.namespace", "involvedObject.namespace"},
      {"regarding.name", "involvedObject.name"},
      {"regarding.uid", "involvedObject.uid"},
      {"regarding.apiVersion", "involvedObject.apiVersion"},
      {"regarding.resourceVersion", "involvedObject.resourceVersion"},
      {"regarding.fieldPath", "involvedObject.fieldPath"},
      {"reason", "reason"},
      {"reportingController", "reportingComponent"},
      {"type", "type"},
  };
  static const LabelMap kNamespaces = {{"metadata.name", "metadata.name"},
                                       {"status.phase", "status.phase"}};
  if (type.storage == "pods") {
    return kPods;
  }
  if (type.storage == "events") {
    return type.group.empty() ? kCoreEvents : kEventsV1;
  }
  if (type.storage == "namespaces") {
    return kNamespaces;
  }
  return kMetadata;
}

}  // namespace

StringPairs selectable_fields(std::string_view storage, const json& object) {
  StringPairs fields;
  if (storage == "pods") {
    fields = pod_fields(object);
  } else if (storage == "events") {
    fields = event_fields(object);
  } else if (storage == "namespaces") {
    fields = namespace_fields(object);
  } else {
    add_metadata(fields, object);
  }
  sort_pairs(fields);
  return fields;
}

ApiResult<FieldSelector> convert_field_selector(const ResourceType& type,
                                                const FieldSelector& selector) {
  const LabelMap& labels = label_map(type);
  std::string text;
  for (const auto& requirement : selector.requirements()) {
    std::string_view stored;
    for (const auto& [label, name] : labels) {
      if (label == requirement.field) {
        stored = name;
        break;
      }
    }
    if (stored.empty()) {
      return bad_request("field label not supported: " + requirement.field);
    }
    if (!text.empty()) {
      text += ",";
    }
    text += std::string(stored) + (requirement.equals ? "=" : "!=");
    for (char c : requirement.value) {
      if (c == '\\' || c == ',' || c == '=') {
        text += '\\';
      }
      text += c;
    }
  }
  auto converted = FieldSelector::parse(text);
  if (!converted) {
    return bad_request(converted.error().message);
  }
  return std::move(converted).value();
}

}  // namespace kexit::kubesim
