#include "kubesim/token_request.h"

#include <chrono>

#include "kubesim/base64.h"
#include "kubesim/kube_time.h"

namespace kexit::kubesim {

using nlohmann::json;

User service_account_user(const std::string& namespace_name, const std::string& name) {
  return {"system:serviceaccount:" + namespace_name + ":" + name,
          {"system:serviceaccounts", "system:serviceaccounts:" + namespace_name,
           "system:authenticated"}};
}

ApiResult<json> request_token(Cluster& cluster, const std::string& namespace_name,
                              const std::string& service_account, const json& request,
                              WriteMode mode) {
  const ResourceType* accounts = find_resource("", "v1", "serviceaccounts");
  KEXIT_ASSIGN(account, cluster.get(*accounts, namespace_name, service_account));
  if (!request.is_object()) {
    return bad_request("the body of the request is not a JSON object");
  }
  json spec = request.value("spec", json::object());
  if (!spec.is_object()) {
    spec = json::object();
  }
  // pkg/registry/core/serviceaccount/storage/token.go: one hour by default, at least ten
  // minutes.
  long long seconds = spec.value("expirationSeconds", 3600LL);
  if (seconds < 600) {
    return invalid("TokenRequest.authentication.k8s.io", {"authentication.k8s.io", ""}, "",
                   "spec.expirationSeconds",
                   "Invalid value: " + std::to_string(seconds) +
                       ": may not specify a duration less than 10 minutes");
  }
  if (!spec.contains("audiences") || !spec["audiences"].is_array() || spec["audiences"].empty()) {
    spec["audiences"] = json::array({"https://kubernetes.default.svc.cluster.local"});
  }
  spec["expirationSeconds"] = seconds;
  TimePoint now = cluster.clock().now();
  TimePoint expiry = now + std::chrono::seconds(seconds);
  User user = service_account_user(namespace_name, service_account);
  // Shaped like the apiserver's JWTs (so redaction rules see what a real token looks like);
  // the signature is random, since kubesim checks tokens by lookup, not by signature.
  auto epoch = [](TimePoint time) {
    return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
  };
  json claims = {{"aud", spec["audiences"]},
                 {"exp", epoch(expiry)},
                 {"iat", epoch(now)},
                 {"iss", "https://kubernetes.default.svc.cluster.local"},
                 {"jti", cluster.new_uid()},
                 {"sub", user.name},
                 {"kubernetes.io",
                  {{"namespace", namespace_name},
                   {"serviceaccount", {{"name", service_account}, {"uid", account->uid}}}}}};
  std::string token = base64_url_encode(json({{"alg", "RS256"}, {"kid", "kubesim"}}).dump()) + "." +
                      base64_url_encode(claims.dump()) + "." + base64_url_encode(cluster.new_uid());
  if (mode == WriteMode::Commit) {
    cluster.access().add_token(token, user);
  }
  return json{
      {"kind", "TokenRequest"},
      {"apiVersion", "authentication.k8s.io/v1"},
      {"metadata",
       {{"name", service_account}, {"namespace", namespace_name}, {"creationTimestamp", nullptr}}},
      {"spec", spec},
      {"status", {{"token", token}, {"expirationTimestamp", format_time(expiry)}}}};
}

}  // namespace kexit::kubesim
