#include "kube/config_loader.h"

#include <gtest/gtest.h>

#include <map>

#include "kube/in_cluster_config.h"
#include "testing/temp_directory.h"

namespace kexit::kube {
namespace {

ConfigEnvironment environment_of(std::map<std::string, std::string> variables,
                                 const std::string& home, const std::string& account_dir) {
  ConfigEnvironment environment;
  environment.getenv = [variables](const std::string& name) -> std::optional<std::string> {
    auto it = variables.find(name);
    if (it == variables.end()) {
      return std::nullopt;
    }
    return it->second;
  };
  environment.home = home;
  environment.service_account_dir = account_dir;
  return environment;
}

std::string kubeconfig_for(const std::string& context, const std::string& server) {
  return "current-context: " + context + "\nclusters:\n- name: " + context +
         "\n  cluster: {server: '" + server + "'}\ncontexts:\n- name: " + context +
         "\n  context: {cluster: " + context + "}\n";
}

TEST(ConfigLoader, ReadsEveryFileOfKubeconfigInOrder) {
  TempDirectory directory;
  std::string a = directory.write("a", kubeconfig_for("a", "https://a.example"));
  std::string b = directory.write("b", kubeconfig_for("b", "https://b.example"));
  auto environment = environment_of({{"KUBECONFIG", directory.path() + "/missing:" + a + ":" + b}},
                                    directory.path(), directory.path() + "/sa");
  auto config = load_client_config({}, environment);
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(config->context_name, "a");
  ConfigRequest other;
  other.context = "b";
  other.namespace_name = "ns";
  auto chosen = load_client_config(other, environment);
  ASSERT_TRUE(chosen) << chosen.error().to_string();
  EXPECT_EQ(chosen->server.host, "b.example");
  EXPECT_EQ(chosen->namespace_name, "ns");
}

TEST(ConfigLoader, PrefersTheFlagOverKubeconfigAndHome) {
  TempDirectory directory;
  std::string flag = directory.write("flag", kubeconfig_for("flag", "https://flag.example"));
  directory.write(".kube/config", kubeconfig_for("home", "https://home.example"));
  auto environment = environment_of({}, directory.path(), directory.path() + "/sa");
  ConfigRequest request;
  request.kubeconfig = flag;
  EXPECT_EQ(load_client_config(request, environment)->context_name, "flag");
  EXPECT_EQ(load_client_config({}, environment)->context_name, "home");
  request.kubeconfig = directory.path() + "/nope";
  auto missing = load_client_config(request, environment);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "kubeconfig file not found; check --kubeconfig");
}

TEST(ConfigLoader, FallsBackToTheServiceAccountInACluster) {
  TempDirectory directory;
  directory.write("sa/token", "sa-token\n");
  directory.write("sa/ca.crt", "SA-CA");
  directory.write("sa/namespace", "agents\n");
  auto environment =
      environment_of({{"KUBERNETES_SERVICE_HOST", "10.96.0.1"}, {"KUBERNETES_SERVICE_PORT", "443"}},
                     directory.path(), directory.path() + "/sa");
  ASSERT_TRUE(in_cluster_possible(environment));
  auto config = load_client_config({}, environment);
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_TRUE(config->in_cluster);
  EXPECT_EQ(config->server.url(), "https://10.96.0.1:443");
  EXPECT_EQ(config->auth.token_file, directory.path() + "/sa/token");
  EXPECT_EQ(config->tls.ca_pem, "SA-CA");
  EXPECT_EQ(config->namespace_name, "agents");
  EXPECT_EQ(config->describe(), "in-cluster config (https://10.96.0.1:443)");
  ConfigRequest request;
  request.namespace_name = "other";
  EXPECT_EQ(load_client_config(request, environment)->namespace_name, "other");
}

TEST(ConfigLoader, InClusterNamespaceAndIpv6) {
  TempDirectory directory;
  directory.write("sa/token", "t");
  directory.write("sa/ca.crt", "CA");
  auto environment = environment_of({{"KUBERNETES_SERVICE_HOST", "fd00::1"},
                                     {"KUBERNETES_SERVICE_PORT", "443"},
                                     {"POD_NAMESPACE", "from-env"}},
                                    "", directory.path() + "/sa");
  auto config = load_in_cluster_config(environment, "");
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(config->server.url(), "https://[fd00::1]:443");
  EXPECT_EQ(config->namespace_name, "from-env");
}

TEST(ConfigLoader, InClusterNeedsTheCa) {
  TempDirectory directory;
  directory.write("sa/token", "t");
  auto environment =
      environment_of({{"KUBERNETES_SERVICE_HOST", "10.96.0.1"}, {"KUBERNETES_SERVICE_PORT", "443"}},
                     "", directory.path() + "/sa");
  auto config = load_in_cluster_config(environment, "");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().where, directory.path() + "/sa/ca.crt");
}

TEST(ConfigLoader, SaysWhereItLookedWhenThereIsNoConfig) {
  TempDirectory directory;
  auto environment = environment_of({}, directory.path(), directory.path() + "/sa");
  auto config = load_client_config({}, environment);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message,
            "no kubeconfig found (looked at " + directory.path() +
                "/.kube/config (KUBECONFIG is unset)) and not running in a cluster; pass "
                "--kubeconfig FILE or set KUBECONFIG");
}

}  // namespace
}  // namespace kexit::kube
