#include "kube/api_failure.h"

#include <string_view>

namespace kexit::kube {
namespace {

// The ends and starts of messages that api_failure_kind reads back.
constexpr std::string_view kNotFoundAdvice = "; check the name and the namespace (-n)";
constexpr std::string_view kBadRequest = "bad request";
constexpr std::string_view kForbidden = "forbidden: ";

// The user name out of an RBAC denial: `... User "alice" cannot list ...`.
std::string denied_user(const std::string& message) {
  static const std::string kUser = "User \"";
  auto start = message.find(kUser);
  if (start == std::string::npos) {
    return "";
  }
  start += kUser.size();
  auto end = message.find('"', start);
  return end == std::string::npos ? "" : message.substr(start, end - start);
}

std::string with_message(const std::string& prefix, const ApiStatus& status) {
  return status.message.empty() ? prefix : prefix + ": " + status.message;
}

std::string rbac_requirement(const ApiAction& action) {
  std::string text =
      "the RBAC role needs verb \"" + action.verb + "\" on resource \"" + action.resource + "\"";
  if (!action.group.empty()) {
    text += " in API group \"" + action.group + "\"";
  }
  if (action.namespace_name.empty()) {
    text += " cluster-wide (a ClusterRole bound with a ClusterRoleBinding)";
  }
  return text;
}

}  // namespace

Error explain_api_failure(const ApiStatus& status, const ApiAction& action,
                          const std::string& server, int attempts) {
  std::string tries = attempts > 1 ? " after " + std::to_string(attempts) + " attempts" : "";
  std::string code = "HTTP " + std::to_string(status.code);
  switch (status.code) {
    case 401:
      return Error{"unauthorized: the API server at " + server +
                   " rejected the credentials; log in again or refresh the token of the "
                   "kubeconfig user (kubectl config view --minify shows which)"};
    case 403: {
      // The impersonation filter's denial is about --as / --as-group, not about the request.
      if (status.message.find(" cannot impersonate ") != std::string::npos) {
        return Error{std::string(kForbidden) + status.message +
                     "; the kubeconfig's user needs an RBAC rule with verb \"impersonate\" on "
                     "that resource, or leave out --as, --as-group and --as-uid"};
      }
      // Admission and other non-RBAC denials say something other than "User ... cannot ...".
      if (!status.message.empty() && status.message.find(" cannot ") == std::string::npos) {
        return Error{std::string(kForbidden) + status.message};
      }
      std::string text =
          std::string(kForbidden) + "cannot " + action.describe() + "; " + rbac_requirement(action);
      std::string user = denied_user(status.message);
      if (!user.empty()) {
        text += "; the request was made as User \"" + user + "\"";
      }
      return Error{text};
    }
    case 404:
      if (!action.name.empty()) {
        std::string text = action.qualified_resource() + " \"" + action.name + "\" not found";
        if (!action.namespace_name.empty()) {
          text += " in namespace \"" + action.namespace_name + "\"";
        }
        return Error{text + std::string(kNotFoundAdvice)};
      }
      return Error{"not found: the API server has no resource \"" + action.qualified_resource() +
                   "\"" + (status.message.empty() ? "" : " (" + status.message + ")") +
                   "; the cluster may be too old for it"};
    case 400:
      return Error{with_message(std::string(kBadRequest), status)};
    case 409:
      return Error{with_message("conflict", status)};
    case 410:
      return Error{with_message("expired", status)};
    case 422:
      return Error{with_message("invalid", status)};
    case 429:
      return Error{"the API server is overloaded and asked to retry later (" +
                   with_message(code, status) + ")" + tries + "; try again in a minute"};
    default:
      break;
  }
  if (status.code >= 500) {
    std::string reason = status.reason.empty() ? "" : " " + status.reason;
    return Error{"the API server at " + server + " failed to " + action.describe() + " (" +
                 with_message(code + reason, status) + ")" + tries + "; try again later"};
  }
  std::string reason = status.reason.empty() ? "" : " " + status.reason;
  return Error{"cannot " + action.describe() + " (" + with_message(code + reason, status) + ")"};
}

ApiFailureKind api_failure_kind(const Error& error) {
  const std::string& message = error.message;
  if (message.size() >= kNotFoundAdvice.size() &&
      message.compare(message.size() - kNotFoundAdvice.size(), kNotFoundAdvice.size(),
                      kNotFoundAdvice) == 0) {
    return ApiFailureKind::kNotFound;
  }
  if (message.rfind(kBadRequest, 0) == 0) {
    return ApiFailureKind::kBadRequest;
  }
  return ApiFailureKind::kOther;
}

bool mentions_forbidden(const std::string& text) {
  return text.find("(" + std::string(kForbidden)) != std::string::npos ||
         text.rfind(kForbidden, 0) == 0;
}

}  // namespace kexit::kube
