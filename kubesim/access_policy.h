#pragma once
// AccessPolicy: who kubesim knows (bearer tokens, client-certificate users) and what each may
// do, as RBAC-like rules over verb, API group, resource[/subresource], namespace and name, so
// tests can provoke the real server's 401 and 403 answers.

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kubesim/api_error.h"

namespace kexit::kubesim {

struct User {
  std::string name;
  std::vector<std::string> groups;
};

// One grant; "*" matches anything, an empty `namespaces`/`resource_names` list means all.
struct PolicyRule {
  std::vector<std::string> verbs;
  std::vector<std::string> api_groups;
  std::vector<std::string> resources;  // "pods", "pods/log", "*"
  std::vector<std::string> namespaces;
  std::vector<std::string> resource_names;
};

// What a request does, in authorizer terms.
struct RequestAttributes {
  std::string verb;  // get, list, watch, create, update, patch, delete, deletecollection
  bool resource_request = false;
  std::string group;
  std::string version;
  std::string resource;
  std::string subresource;
  std::string namespace_name;
  std::string name;
  std::string path;  // for non-resource requests
};

class AccessPolicy {
 public:
  // Members of this group may do anything, as on a real cluster.
  static constexpr const char* kAdminGroup = "system:masters";

  void add_token(const std::string& token, const User& user);
  // The token stops working: requests carrying it get 401.
  void revoke_token(const std::string& token);
  std::optional<User> user_for_token(const std::string& token) const;

  void allow(const std::string& user, const PolicyRule& rule);
  void clear_rules(const std::string& user);

  // Authenticated users may always read discovery (/version, /api, /apis, /openapi), as the
  // default system:discovery role allows.
  bool authorized(const User& user, const RequestAttributes& request) const;
  // The 403 the real server answers, message and details included.
  static ApiError forbidden_error(const User& user, const RequestAttributes& request);

 private:
  struct Grant {
    std::string user;
    PolicyRule rule;
  };
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, User>> tokens_;
  std::vector<Grant> grants_;
};

}  // namespace kexit::kubesim
