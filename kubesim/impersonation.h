#pragma once
// Impersonation: the Impersonate-User, Impersonate-Group and Impersonate-Uid headers, checked and
// applied as kube-apiserver's impersonation filter does
// (apiserver/pkg/endpoints/filters/impersonation.go), so `kubectl --as` and kexit's `--as` can be
// tested against kubesim.

#include <functional>
#include <string>
#include <variant>

#include "kubesim/access_policy.h"
#include "kubesim/api_error.h"
#include "kubesim/http_exchange.h"

namespace kexit::kubesim {

// Whether `user` may do what `request` describes (the server's whole authorizer chain).
using Authorizer = std::function<bool(const User&, const RequestAttributes&)>;

// The user a request acts as: `requestor` itself when it carries no impersonation header;
// otherwise the impersonated user, once `authorize` grants `requestor` the verb `impersonate`
// on each user, service account, group and UID it names. A denial is the real server's 403
// (`users "alice" is forbidden: User "bob" cannot impersonate resource "users" ...`); groups
// without a user are refused as the real server refuses them.
std::variant<User, ApiError> acting_user(const HttpRequest& request, const User& requestor,
                                         const Authorizer& authorize);

}  // namespace kexit::kubesim
