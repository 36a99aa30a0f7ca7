#include "kubesim/access_policy.h"

#include <algorithm>

namespace kexit::kubesim {
namespace {

bool matches(const std::vector<std::string>& allowed, const std::string& value,
             bool empty_means_all) {
  if (allowed.empty()) {
    return empty_means_all;
  }
  return std::find(allowed.begin(), allowed.end(), "*") != allowed.end() ||
         std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

std::string quote(const std::string& text) { return "\"" + text + "\""; }

}  // namespace

void AccessPolicy::add_token(const std::string& token, const User& user) {
  std::lock_guard lock(mutex_);
  for (auto& [existing, owner] : tokens_) {
    if (existing == token) {
      owner = user;
      return;
    }
  }
  tokens_.emplace_back(token, user);
}

void AccessPolicy::revoke_token(const std::string& token) {
  std::lock_guard lock(mutex_);
  tokens_.erase(std::remove_if(tokens_.begin(), tokens_.end(),
                               [&](const auto& entry) { return entry.first == token; }),
                tokens_.end());
}

std::optional<User> AccessPolicy::user_for_token(const std::string& token) const {
  std::lock_guard lock(mutex_);
  for (const auto& [existing, user] : tokens_) {
    if (existing == token) {
      return user;
    }
  }
  return std::nullopt;
}

void AccessPolicy::allow(const std::string& user, const PolicyRule& rule) {
  std::lock_guard lock(mutex_);
  grants_.push_back({user, rule});
}

void AccessPolicy::clear_rules(const std::string& user) {
  std::lock_guard lock(mutex_);
  grants_.erase(std::remove_if(grants_.begin(), grants_.end(),
                               [&](const Grant& grant) { return grant.user == user; }),
                grants_.end());
}

bool AccessPolicy::authorized(const User& user, const RequestAttributes& request) const {
  if (std::find(user.groups.begin(), user.groups.end(), kAdminGroup) != user.groups.end()) {
    return true;
  }
  if (!request.resource_request) {
    return true;
  }
  std::string resource =
      request.subresource.empty() ? request.resource : request.resource + "/" + request.subresource;
  std::lock_guard lock(mutex_);
  for (const auto& grant : grants_) {
    if (grant.user != user.name) {
      continue;
    }
    const PolicyRule& rule = grant.rule;
    if (matches(rule.verbs, request.verb, false) &&
        matches(rule.api_groups, request.group, false) &&
        matches(rule.resources, resource, false) &&
        matches(rule.namespaces, request.namespace_name, true) &&
        matches(rule.resource_names, request.name, true)) {
      // A name restriction cannot grant requests that name nothing (list, create), as in RBAC.
      if (!rule.resource_names.empty() && request.name.empty()) {
        continue;
      }
      return true;
    }
  }
  return false;
}

ApiError AccessPolicy::forbidden_error(const User& user, const RequestAttributes& request) {
  // apiserver responsewriters.forbiddenMessage, wrapped by errors.NewForbidden.
  if (!request.resource_request) {
    return forbidden(
        {}, "",
        "User " + quote(user.name) + " cannot " + request.verb + " path " + quote(request.path));
  }
  std::string resource =
      request.subresource.empty() ? request.resource : request.resource + "/" + request.subresource;
  std::string scope = request.namespace_name.empty()
                          ? "at the cluster scope"
                          : "in the namespace " + quote(request.namespace_name);
  std::string reason = "User " + quote(user.name) + " cannot " + request.verb + " resource " +
                       quote(resource) + " in API group " + quote(request.group) + " " + scope;
  return forbidden({request.group, request.resource}, request.name, reason);
}

}  // namespace kexit::kubesim
