#include "kubesim/certificate_authority.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

namespace kexit::kubesim {
namespace {

std::string openssl_error(const std::string& what) {
  unsigned long code = ERR_get_error();
  char buffer[256] = {0};
  if (code != 0) {
    ERR_error_string_n(code, buffer, sizeof buffer);
  }
  return what + (code != 0 ? std::string(": ") + buffer : std::string());
}

std::shared_ptr<EVP_PKEY> new_key() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(length));
}

std::string certificate_pem(X509* certificate) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_X509(bio.get(), certificate);
  return bio_text(bio.get());
}

std::string key_pem(EVP_PKEY* key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  return bio_text(bio.get());
}

bool add_extension(X509* certificate, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
  if (extension == nullptr) {
    return false;
  }
  bool added = X509_add_ext(certificate, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return added;
}

struct Subject {
  std::string common_name;
  std::vector<std::string> organizations;
};

// Builds and signs a certificate; `issuer`/`issuer_key` null means self-signed.
Expected<IssuedCertificate> make_certificate(const Subject& subject, X509* issuer,
                                             EVP_PKEY* issuer_key,
                                             const std::vector<std::string>& extensions) {
  IssuedCertificate issued;
  issued.key = new_key();
  if (!issued.key) {
    return Error{openssl_error("cannot generate an EC key")};
  }
  issued.certificate = std::shared_ptr<X509>(X509_new(), X509_free);
  X509* certificate = issued.certificate.get();
  X509_set_version(certificate, 2);
  unsigned char serial_bytes[16];
  RAND_bytes(serial_bytes, sizeof serial_bytes);
  serial_bytes[0] &= 0x7f;
  BIGNUM* serial = BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr);
  BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(certificate));
  BN_free(serial);
  // Backdated an hour against clock skew between test processes; valid for ten years.
  X509_gmtime_adj(X509_getm_notBefore(certificate), -3600);
  X509_gmtime_adj(X509_getm_notAfter(certificate), 10L * 365 * 24 * 3600);
  X509_set_pubkey(certificate, issued.key.get());
  X509_NAME* name = X509_get_subject_name(certificate);
  for (const auto& organization : subject.organizations) {
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(organization.c_str()), -1, -1,
                               0);
  }
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(subject.common_name.c_str()),
                             -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : certificate;
  EVP_PKEY* signer_key = issuer_key != nullptr ? issuer_key : issued.key.get();
  X509_set_issuer_name(certificate, X509_get_subject_name(signer));
  for (const auto& extension : extensions) {
    std::size_t colon = extension.find('=');
    std::string key = extension.substr(0, colon);
    std::string value = extension.substr(colon + 1);
    int nid = OBJ_txt2nid(key.c_str());
    if (nid == NID_undef || !add_extension(certificate, signer, nid, value)) {
      return Error{openssl_error("cannot add certificate extension " + key)};
    }
  }
  if (X509_sign(certificate, signer_key, EVP_sha256()) == 0) {
    return Error{openssl_error("cannot sign certificate")};
  }
  issued.certificate_pem = certificate_pem(certificate);
  issued.key_pem = key_pem(issued.key.get());
  return issued;
}

}  // namespace

Expected<CertificateAuthority> CertificateAuthority::create(const std::string& common_name) {
  KEXIT_ASSIGN(ca, make_certificate({common_name, {}}, nullptr, nullptr,
                                    {"basicConstraints=critical,CA:TRUE",
                                     "keyUsage=critical,digitalSignature,keyCertSign,cRLSign",
                                     "subjectKeyIdentifier=hash"}));
  return CertificateAuthority(std::move(ca));
}

Expected<IssuedCertificate> CertificateAuthority::issue_server(
    const std::vector<std::string>& dns_names, const std::vector<std::string>& ip_addresses) const {
  std::string alt_names;
  for (const auto& name : dns_names) {
    alt_names += (alt_names.empty() ? "" : ",") + std::string("DNS:") + name;
  }
  for (const auto& address : ip_addresses) {
    alt_names += (alt_names.empty() ? "" : ",") + std::string("IP:") + address;
  }
  std::vector<std::string> extensions = {
      "basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth", "authorityKeyIdentifier=keyid"};
  if (!alt_names.empty()) {
    extensions.push_back("subjectAltName=" + alt_names);
  }
  return make_certificate({"kube-apiserver", {}}, ca_.certificate.get(), ca_.key.get(), extensions);
}

Expected<IssuedCertificate> CertificateAuthority::issue_client(
    const std::string& user, const std::vector<std::string>& groups) const {
  return make_certificate(
      {user, groups}, ca_.certificate.get(), ca_.key.get(),
      {"basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature,keyEncipherment",
       "extendedKeyUsage=clientAuth", "authorityKeyIdentifier=keyid"});
}

}  // namespace kexit::kubesim
