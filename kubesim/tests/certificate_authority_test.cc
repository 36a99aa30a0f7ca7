#include "kubesim/certificate_authority.h"

#include <gtest/gtest.h>
#include <openssl/x509v3.h>

namespace kexit::kubesim {
namespace {

bool verifies(const CertificateAuthority& ca, X509* certificate) {
  X509_STORE* store = X509_STORE_new();
  X509_STORE_add_cert(store, ca.certificate());
  X509_STORE_CTX* context = X509_STORE_CTX_new();
  X509_STORE_CTX_init(context, store, certificate, nullptr);
  bool ok = X509_verify_cert(context) == 1;
  X509_STORE_CTX_free(context);
  X509_STORE_free(store);
  return ok;
}

TEST(CertificateAuthority, IssuesServerCertificatesForLoopback) {
  auto ca = CertificateAuthority::create();
  ASSERT_TRUE(ca.ok());
  EXPECT_EQ(ca->certificate_pem().rfind("-----BEGIN CERTIFICATE-----", 0), 0u);
  auto server = ca->issue_server({"localhost"}, {"127.0.0.1"});
  ASSERT_TRUE(server.ok());
  EXPECT_TRUE(verifies(*ca, server->certificate.get()));
  EXPECT_EQ(X509_check_ip_asc(server->certificate.get(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_host(server->certificate.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_NE(server->key_pem.find("PRIVATE KEY"), std::string::npos);
}

TEST(CertificateAuthority, ClientCertificatesCarryUserAndGroups) {
  auto ca = CertificateAuthority::create();
  ASSERT_TRUE(ca.ok());
  auto client = ca->issue_client("alice", {"dev", "ops"});
  ASSERT_TRUE(client.ok());
  EXPECT_TRUE(verifies(*ca, client->certificate.get()));
  char name[256];
  X509_NAME_oneline(X509_get_subject_name(client->certificate.get()), name, sizeof name);
  EXPECT_STREQ(name, "/O=dev/O=ops/CN=alice");
  auto other = CertificateAuthority::create();
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(verifies(*other, client->certificate.get()));
}

}  // namespace
}  // namespace kexit::kubesim
