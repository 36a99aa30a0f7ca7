#pragma once
// CertificateAuthority: a throwaway CA made at start with OpenSSL's C API, issuing the serving
// certificate (SANs for loopback) and client certificates (CN = user, O = groups) the way a
// cluster CA does, so kubectl and kexit verify TLS for real.

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <vector>

#include "base/expected.h"

namespace kexit::kubesim {

struct IssuedCertificate {
  std::shared_ptr<X509> certificate;
  std::shared_ptr<EVP_PKEY> key;
  std::string certificate_pem;
  std::string key_pem;
};

class CertificateAuthority {
 public:
  static Expected<CertificateAuthority> create(const std::string& common_name = "kubesim-ca");

  const std::string& certificate_pem() const { return ca_.certificate_pem; }
  X509* certificate() const { return ca_.certificate.get(); }

  // A serving certificate valid for these DNS names and IP addresses.
  Expected<IssuedCertificate> issue_server(const std::vector<std::string>& dns_names,
                                           const std::vector<std::string>& ip_addresses) const;
  // A client certificate the API server maps to user `user` in `groups`.
  Expected<IssuedCertificate> issue_client(const std::string& user,
                                           const std::vector<std::string>& groups) const;

 private:
  explicit CertificateAuthority(IssuedCertificate ca) : ca_(std::move(ca)) {}
  IssuedCertificate ca_;
};

}  // namespace kexit::kubesim
