#include "kube/api_action.h"

#include <vector>

#include "base/text.h"
#include "kube/query_string.h"

namespace kexit::kube {

std::string ApiAction::qualified_resource() const {
  std::string base = resource.substr(0, resource.find('/'));
  return group.empty() ? base : base + "." + group;
}

std::string ApiAction::describe() const {
  std::string text = verb + " " + qualified_resource();
  auto slash = resource.find('/');
  if (slash != std::string::npos) {
    text += resource.substr(slash);
  }
  if (!name.empty()) {
    text += " \"" + name + "\"";
  }
  if (!namespace_name.empty()) {
    text += " in namespace \"" + namespace_name + "\"";
  } else if (verb == "list" || verb == "watch") {
    text += " in all namespaces";
  } else {
    text += " at cluster scope";
  }
  return text;
}

ApiAction describe_request(std::string_view method, std::string_view target) {
  ApiAction action;
  std::string_view path = target.substr(0, target.find('?'));
  std::vector<std::string_view> segments;
  for (std::string_view segment : split(path, '/')) {
    if (!segment.empty()) {
      segments.push_back(segment);
    }
  }
  std::size_t next = 0;
  bool resource_path = !segments.empty() && (segments[0] == "api" || segments[0] == "apis");
  if (next < segments.size() && segments[next] == "api") {
    next += 2;  // "api", version
  } else if (next < segments.size() && segments[next] == "apis") {
    if (next + 1 < segments.size()) {
      action.group = std::string(segments[next + 1]);
    }
    next += 3;  // "apis", group, version
  }
  if (next + 2 < segments.size() && segments[next] == "namespaces") {
    action.namespace_name = std::string(segments[next + 1]);
    next += 2;
  }
  if (next < segments.size()) {
    action.resource = std::string(segments[next]);
  }
  if (next + 1 < segments.size()) {
    action.name = std::string(segments[next + 1]);
  }
  if (next + 2 < segments.size()) {
    action.resource += "/" + std::string(segments[next + 2]);
  }
  std::string verb = to_lower(method);
  if (verb == "get") {
    std::string watch = query_value(target, "watch");
    // Discovery and /version are not resources: RBAC calls reading them "get".
    if (!action.name.empty() || action.resource.empty() || !resource_path) {
      action.verb = "get";
    } else if (watch == "true" || watch == "1") {
      action.verb = "watch";
    } else {
      action.verb = "list";
    }
  } else if (verb == "post") {
    action.verb = "create";
  } else if (verb == "put") {
    action.verb = "update";
  } else if (verb == "patch") {
    action.verb = "patch";
  } else if (verb == "delete") {
    action.verb = action.name.empty() ? "deletecollection" : "delete";
  } else {
    action.verb = verb;
  }
  return action;
}

}  // namespace kexit::kube
