#pragma once
// The kubeconfig kubesim hands out: one cluster (server URL, its CA as
// certificate-authority-data), one user (a bearer token, or a client certificate and key as
// -data fields), one context, as kubectl and kexit read it unchanged.

#include <string>

namespace kexit::kubesim {

struct KubeconfigCredentials {
  std::string token;
  std::string client_certificate_pem;
  std::string client_key_pem;
};

std::string make_kubeconfig(const std::string& server_url, const std::string& ca_pem,
                            const KubeconfigCredentials& credentials,
                            const std::string& namespace_name = "default",
                            const std::string& name = "kubesim");

}  // namespace kexit::kubesim
