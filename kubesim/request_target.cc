#include "kubesim/request_target.h"

#include <vector>

#include "base/text.h"

namespace kexit::kubesim {
namespace {

std::vector<std::string> segments_of(std::string_view path) {
  std::vector<std::string> segments;
  for (std::string_view part : split(path, '/')) {
    if (!part.empty()) {
      segments.emplace_back(part);
    }
  }
  return segments;
}

bool truthy(const std::string& value) {
  return value == "true" || value == "1" || value == "t" || value == "T" || value == "TRUE" ||
         value == "True";
}

// [namespaces/NS/]RESOURCE[/NAME[/SUBRESOURCE]] after /api/V or /apis/G/V.
void read_resource_segments(std::vector<std::string> rest, RequestTarget& target) {
  // /namespaces/<ns>/<resource>... unless it is the namespaces resource itself.
  if (rest.size() >= 3 && rest[0] == "namespaces" && rest[2] != "status" && rest[2] != "finalize") {
    target.namespace_name = rest[1];
    rest.erase(rest.begin(), rest.begin() + 2);
  }
  if (rest.size() > 3) {
    return;
  }
  target.kind = RequestTarget::Kind::Resource;
  target.resource = rest[0];
  if (rest.size() >= 2) {
    target.name = rest[1];
  }
  if (rest.size() == 3) {
    target.subresource = rest[2];
  }
  target.type = find_resource(target.group, target.version, target.resource);
  if (target.type != nullptr && !target.type->namespaced && !target.namespace_name.empty()) {
    target.type = nullptr;
  }
}

}  // namespace

RequestTarget parse_request_target(std::string_view path) {
  RequestTarget target;
  std::vector<std::string> segments = segments_of(path);
  if (segments.empty()) {
    return target;
  }
  const std::string& first = segments[0];
  if (segments.size() == 1 && first == "version") {
    target.kind = RequestTarget::Kind::Version;
    return target;
  }
  if (segments.size() == 1 && (first == "healthz" || first == "livez" || first == "readyz")) {
    target.kind = RequestTarget::Kind::Health;
    return target;
  }
  if (first == "kubesim") {
    target.kind = RequestTarget::Kind::TestEndpoint;
    target.rest = std::string(path.substr(std::string_view("/kubesim").size()));
    return target;
  }
  if (first == "openapi" && segments.size() >= 2) {
    if (segments[1] == "v2" && segments.size() == 2) {
      target.kind = RequestTarget::Kind::OpenApiV2;
    } else if (segments[1] == "v3" && segments.size() == 2) {
      target.kind = RequestTarget::Kind::OpenApiV3Root;
    } else if (segments[1] == "v3") {
      target.kind = RequestTarget::Kind::OpenApiV3;
      std::vector<std::string> rest(segments.begin() + 2, segments.end());
      target.rest = join(rest, "/");
    }
    return target;
  }
  std::size_t position = 0;
  if (first == "api") {
    if (segments.size() == 1) {
      target.kind = RequestTarget::Kind::CoreVersions;
      return target;
    }
    target.version = segments[1];
    position = 2;
  } else if (first == "apis") {
    if (segments.size() == 1) {
      target.kind = RequestTarget::Kind::GroupList;
      return target;
    }
    target.group = segments[1];
    if (segments.size() == 2) {
      target.kind = RequestTarget::Kind::Group;
      return target;
    }
    target.version = segments[2];
    position = 3;
  } else {
    return target;
  }
  if (position == segments.size()) {
    target.kind = RequestTarget::Kind::ResourceList;
    return target;
  }
  read_resource_segments(
      std::vector<std::string>(segments.begin() + static_cast<long>(position), segments.end()),
      target);
  return target;
}

RequestAttributes request_attributes(const HttpRequest& request, const RequestTarget& target) {
  RequestAttributes attributes;
  attributes.path = request.path;
  if (target.kind != RequestTarget::Kind::Resource) {
    attributes.verb = to_lower(request.method);
    return attributes;
  }
  attributes.resource_request = true;
  attributes.group = target.group;
  attributes.version = target.version;
  attributes.resource = target.resource;
  attributes.subresource = target.subresource;
  attributes.namespace_name = target.namespace_name;
  attributes.name = target.name;
  // The namespaces resource names its object by the namespace.
  if (target.resource == "namespaces" && !target.name.empty()) {
    attributes.namespace_name = target.name;
  }
  bool watch = truthy(request.query_value("watch"));
  const std::string& method = request.method;
  if (method == "GET" || method == "HEAD") {
    if (watch) {
      attributes.verb = "watch";
    } else {
      attributes.verb = target.name.empty() ? "list" : "get";
    }
  } else if (method == "POST") {
    attributes.verb = "create";
  } else if (method == "PUT") {
    attributes.verb = "update";
  } else if (method == "PATCH") {
    attributes.verb = "patch";
  } else if (method == "DELETE") {
    attributes.verb = target.name.empty() ? "deletecollection" : "delete";
  } else {
    attributes.verb = to_lower(method);
  }
  return attributes;
}

}  // namespace kexit::kubesim
