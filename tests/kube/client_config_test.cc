#include "kube/client_config.h"

#include <gtest/gtest.h>

#include "testing/temp_directory.h"

namespace kexit::kube {
namespace {

Kubeconfig parse(const std::string& text, const std::string& path = "cfg") {
  auto config = parse_kubeconfig(text, path);
  EXPECT_TRUE(config) << config.error().to_string();
  return config ? *config : Kubeconfig{};
}

const char* kBase = R"(current-context: dev
clusters:
- name: c
  cluster:
    server: https://k8s.example:6443
    certificate-authority-data: Q0EtUEVN
    tls-server-name: api.internal
contexts:
- name: dev
  context: {cluster: c, user: token-user, namespace: team}
- name: cert
  context: {cluster: c, user: cert-user}
- name: exec
  context: {cluster: c, user: exec-user}
- name: nobody
  context: {cluster: c}
- name: gcp
  context: {cluster: c, user: gcp-user}
- name: both
  context: {cluster: c, user: both-user}
- name: half
  context: {cluster: c, user: half-user}
- name: ghost
  context: {cluster: c, user: ghost}
- name: elsewhere
  context: {cluster: missing, user: token-user}
users:
- name: token-user
  user: {token: abc}
- name: cert-user
  user: {client-certificate-data: Q0VSVA==, client-key-data: S0VZ}
- name: exec-user
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: plugin}
- name: gcp-user
  user:
    auth-provider: {name: gcp}
- name: both-user
  user: {token: abc, username: u, password: p}
- name: half-user
  user: {client-certificate-data: Q0VSVA==}
)";

TEST(ClientConfig, UsesTheCurrentContext) {
  auto config = client_config_from_kubeconfig(parse(kBase), "", "");
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(config->context_name, "dev");
  EXPECT_EQ(config->server.url(), "https://k8s.example:6443");
  EXPECT_EQ(config->tls.ca_pem, "CA-PEM");
  EXPECT_EQ(config->tls.server_name, "api.internal");
  EXPECT_EQ(config->auth.token, "abc");
  EXPECT_EQ(config->namespace_name, "team");
  EXPECT_EQ(config->describe(), "context \"dev\" (https://k8s.example:6443)");
}

TEST(ClientConfig, NamespaceComesFromTheFlagThenTheContextThenDefault) {
  EXPECT_EQ(client_config_from_kubeconfig(parse(kBase), "dev", "flag")->namespace_name, "flag");
  EXPECT_EQ(client_config_from_kubeconfig(parse(kBase), "cert", "")->namespace_name, "default");
}

TEST(ClientConfig, SelectsEachAuthMethod) {
  auto cert = client_config_from_kubeconfig(parse(kBase), "cert", "");
  ASSERT_TRUE(cert) << cert.error().to_string();
  EXPECT_EQ(cert->auth.client_certificate_pem, "CERT");
  EXPECT_EQ(cert->auth.client_key_pem, "KEY");
  EXPECT_TRUE(cert->auth.token.empty());
  auto exec = client_config_from_kubeconfig(parse(kBase), "exec", "");
  ASSERT_TRUE(exec) << exec.error().to_string();
  ASSERT_TRUE(exec->auth.exec);
  EXPECT_EQ(exec->auth.exec->interactive_mode, "IfAvailable");
  auto nobody = client_config_from_kubeconfig(parse(kBase), "nobody", "");
  ASSERT_TRUE(nobody);
  EXPECT_TRUE(nobody->auth.token.empty());
  EXPECT_FALSE(nobody->auth.exec);
}

TEST(ClientConfig, RejectsAuthProviderWithWhatToUseInstead) {
  auto gcp = client_config_from_kubeconfig(parse(kBase), "gcp", "");
  ASSERT_FALSE(gcp);
  EXPECT_EQ(gcp.error().to_string(),
            "cfg:.users[3]: user \"gcp-user\" uses auth-provider \"gcp\", which kubectl dropped "
            "in 1.26 and kexit does not support; switch to an exec credential plugin "
            "(gke-gcloud-auth-plugin, kubelogin, aws eks get-token) as your cloud's docs "
            "describe");
}

TEST(ClientConfig, RejectsContradictions) {
  auto both = client_config_from_kubeconfig(parse(kBase), "both", "");
  ASSERT_FALSE(both);
  EXPECT_EQ(both.error().message,
            "user \"both-user\" sets both a token and a username/password; keep one");
  auto half = client_config_from_kubeconfig(parse(kBase), "half", "");
  ASSERT_FALSE(half);
  EXPECT_EQ(half.error().message,
            "user \"half-user\" has a client certificate but no key; set both client-certificate "
            "and client-key (or their -data forms)");
  auto insecure_with_ca = client_config_from_kubeconfig(
      parse("clusters:\n- name: c\n  cluster: {server: https://x, insecure-skip-tls-verify: true, "
            "certificate-authority-data: Q0E=}\ncontexts:\n- name: x\n  context: {cluster: "
            "c}\n"),
      "x", "");
  ASSERT_FALSE(insecure_with_ca);
  EXPECT_EQ(insecure_with_ca.error().message,
            "insecure-skip-tls-verify is set together with a certificate authority; remove one "
            "of them");
}

TEST(ClientConfig, NamesMissingContextsClustersAndUsers) {
  auto unknown = client_config_from_kubeconfig(parse(kBase), "nope", "");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message,
            "context \"nope\" not found in cfg; contexts: both, cert, dev, elsewhere, exec, gcp, "
            "ghost, half, nobody");
  auto ghost = client_config_from_kubeconfig(parse(kBase), "ghost", "");
  ASSERT_FALSE(ghost);
  EXPECT_EQ(ghost.error().to_string(),
            "cfg:.contexts[7]: user \"ghost\" of context \"ghost\" is not defined; add it under "
            "users or fix the context");
  auto elsewhere = client_config_from_kubeconfig(parse(kBase), "elsewhere", "");
  ASSERT_FALSE(elsewhere);
  EXPECT_EQ(elsewhere.error().message,
            "cluster \"missing\" of context \"elsewhere\" is not defined; add it under clusters "
            "or fix the context");
  auto no_current = client_config_from_kubeconfig(
      parse("contexts:\n- name: a\n  context: {cluster: c}\n"), "", "");
  ASSERT_FALSE(no_current);
  EXPECT_EQ(no_current.error().message,
            "no current-context in cfg; pass --context NAME (contexts: a) or run kubectl config "
            "use-context NAME");
}

TEST(ClientConfig, ReadsCertificateFilesAndChecksExecSettings) {
  TempDirectory directory;
  directory.write("ca.crt", "FILE-CA");
  std::string path = directory.write(
      "config",
      "clusters:\n- name: c\n  cluster: {server: https://x, certificate-authority: ca.crt}\n"
      "users:\n- name: v1\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1, "
      "command: p}\n- name: old\n  user:\n    exec: {apiVersion: "
      "client.authentication.k8s.io/v1alpha1, command: p}\n"
      "contexts:\n- name: v1\n  context: {cluster: c, user: v1}\n- name: old\n  context: "
      "{cluster: c, user: old}\n- name: plain\n  context: {cluster: c}\n");
  auto kubeconfig = load_kubeconfig_files({path}, MissingFile::kError);
  ASSERT_TRUE(kubeconfig) << kubeconfig.error().to_string();
  auto plain = client_config_from_kubeconfig(*kubeconfig, "plain", "");
  ASSERT_TRUE(plain) << plain.error().to_string();
  EXPECT_EQ(plain->tls.ca_pem, "FILE-CA");
  auto v1 = client_config_from_kubeconfig(*kubeconfig, "v1", "");
  ASSERT_FALSE(v1);
  EXPECT_EQ(v1.error().message,
            "exec plugin of user \"v1\" must set interactiveMode (Never, IfAvailable or Always) "
            "with client.authentication.k8s.io/v1");
  auto old = client_config_from_kubeconfig(*kubeconfig, "old", "");
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().message,
            "exec plugin of user \"old\" has apiVersion \"client.authentication.k8s.io/v1alpha1\"; "
            "kexit supports client.authentication.k8s.io/v1 and "
            "client.authentication.k8s.io/v1beta1 (update the plugin or its kubeconfig entry)");
}

}  // namespace
}  // namespace kexit::kube
