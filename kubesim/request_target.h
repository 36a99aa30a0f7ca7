#pragma once
// RequestTarget: what a URL path names (discovery document, OpenAPI, a resource collection,
// object or subresource, a test endpoint), and the authorizer's view of the request.

#include <string>
#include <string_view>

#include "kubesim/access_policy.h"
#include "kubesim/api_resource.h"
#include "kubesim/http_exchange.h"

namespace kexit::kubesim {

struct RequestTarget {
  enum class Kind {
    Version,        // /version
    CoreVersions,   // /api
    GroupList,      // /apis
    Group,          // /apis/<group>
    ResourceList,   // /api/v1, /apis/<group>/<version>
    Resource,       // collection, object or subresource
    OpenApiV3Root,  // /openapi/v3
    OpenApiV3,      // /openapi/v3/<api/v1 | apis/g/v>
    OpenApiV2,      // /openapi/v2
    Health,         // /healthz, /livez, /readyz
    TestEndpoint,   // /kubesim/...
    Unknown,
  };
  Kind kind = Kind::Unknown;
  std::string group;
  std::string version;
  std::string namespace_name;
  std::string resource;
  std::string name;
  std::string subresource;
  // For Kind::Resource: the served type, or null when the group/version/resource is unknown.
  const ResourceType* type = nullptr;
  std::string rest;  // OpenAPI path or test-endpoint path after the prefix
};

RequestTarget parse_request_target(std::string_view path);

// The authorizer's attributes: verb from the method and the query (list vs watch vs get).
RequestAttributes request_attributes(const HttpRequest& request, const RequestTarget& target);

}  // namespace kexit::kubesim
