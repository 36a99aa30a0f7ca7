#include "kubesim/kubeconfig_writer.h"

#include <nlohmann/json.hpp>

#include "base/structured_text.h"
#include "kubesim/base64.h"

namespace kexit::kubesim {

std::string make_kubeconfig(const std::string& server_url, const std::string& ca_pem,
                            const KubeconfigCredentials& credentials,
                            const std::string& namespace_name, const std::string& name) {
  using nlohmann::json;
  json cluster = {{"server", server_url}};
  if (!ca_pem.empty()) {
    cluster["certificate-authority-data"] = base64_encode(ca_pem);
  }
  json user = json::object();
  if (!credentials.token.empty()) {
    user["token"] = credentials.token;
  }
  if (!credentials.client_certificate_pem.empty()) {
    user["client-certificate-data"] = base64_encode(credentials.client_certificate_pem);
    user["client-key-data"] = base64_encode(credentials.client_key_pem);
  }
  // nlohmann sorts keys; kubeconfig readers do not care about order.
  json config = {
      {"apiVersion", "v1"},
      {"kind", "Config"},
      {"clusters", json::array({{{"name", name}, {"cluster", cluster}}})},
      {"users", json::array({{{"name", name}, {"user", user}}})},
      {"contexts",
       json::array(
           {{{"name", name},
             {"context", {{"cluster", name}, {"user", name}, {"namespace", namespace_name}}}}})},
      {"current-context", name},
      {"preferences", json::object()}};
  return to_yaml(config);
}

}  // namespace kexit::kubesim
