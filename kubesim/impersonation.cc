#include "kubesim/impersonation.h"

#include <algorithm>
#include <vector>

#include "base/text.h"

namespace kexit::kubesim {
namespace {

constexpr std::string_view kServiceAccountPrefix = "system:serviceaccount:";

bool has(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

RequestAttributes impersonate(const std::string& resource, const std::string& namespace_name,
                              const std::string& name) {
  RequestAttributes attributes;
  attributes.verb = "impersonate";
  attributes.resource_request = true;
  attributes.resource = resource;
  attributes.namespace_name = namespace_name;
  attributes.name = name;
  return attributes;
}

// What impersonating `name` asks of the authorizer: a service account's username
// (system:serviceaccount:NS:NAME) is checked as the serviceaccounts resource in its namespace,
// any other name as the cluster-scoped users resource (serviceaccount.SplitUsername).
RequestAttributes user_attributes(const std::string& name) {
  if (starts_with(name, kServiceAccountPrefix)) {
    std::string rest = name.substr(kServiceAccountPrefix.size());
    std::size_t colon = rest.find(':');
    if (colon != std::string::npos && colon > 0 && colon + 1 < rest.size() &&
        rest.find(':', colon + 1) == std::string::npos) {
      return impersonate("serviceaccounts", rest.substr(0, colon), rest.substr(colon + 1));
    }
  }
  return impersonate("users", "", name);
}

// The groups of the impersonated user when the request names none: a service account's are
// fixed (serviceaccount.MakeGroupNames); every non-anonymous user is also
// system:authenticated.
std::vector<std::string> implied_groups(const RequestAttributes& user) {
  std::vector<std::string> groups;
  if (user.resource == "serviceaccounts") {
    groups = {"system:serviceaccounts", "system:serviceaccounts:" + user.namespace_name};
  }
  return groups;
}

}  // namespace

std::variant<User, ApiError> acting_user(const HttpRequest& request, const User& requestor,
                                         const Authorizer& authorize) {
  std::string user_name = request.header("impersonate-user");
  std::vector<std::string> groups = request.header_values("impersonate-group");
  std::string uid = request.header("impersonate-uid");
  if (user_name.empty()) {
    if (groups.empty() && uid.empty()) {
      return requestor;
    }
    // The real server answers this with a plain-text 500 quoting its Go object references.
    return internal_error("requested " +
                          (groups.empty() ? "uid " + uid : "groups " + join(groups, ", ")) +
                          " without impersonating a user");
  }
  std::vector<RequestAttributes> checks = {user_attributes(user_name)};
  for (const std::string& group : groups) {
    checks.push_back(impersonate("groups", "", group));
  }
  if (!uid.empty()) {
    // A UID is its own grant, in authentication.k8s.io (kubectl --as-uid, Kubernetes 1.22+).
    // Only the grant is modelled: RBAC never reads a user's UID.
    RequestAttributes uid_check = impersonate("uids", "", uid);
    uid_check.group = "authentication.k8s.io";
    checks.push_back(uid_check);
  }
  for (const RequestAttributes& check : checks) {
    if (!authorize(requestor, check)) {
      return AccessPolicy::forbidden_error(requestor, check);
    }
  }
  User acting{user_name, groups.empty() ? implied_groups(checks.front()) : groups};
  if (user_name != "system:anonymous" && !has(acting.groups, "system:authenticated") &&
      !has(acting.groups, "system:unauthenticated")) {
    acting.groups.push_back("system:authenticated");
  }
  return acting;
}

}  // namespace kexit::kubesim
