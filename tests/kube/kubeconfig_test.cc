#include "kube/kubeconfig.h"

#include <gtest/gtest.h>

#include "base/structured_text.h"
#include "testing/temp_directory.h"

namespace kexit::kube {
namespace {

const char* kFirst = R"(apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: shared
  cluster:
    server: https://first.example:6443
    certificate-authority: certs/ca.crt
- name: only-first
  cluster:
    server: https://only-first.example
    insecure-skip-tls-verify: true
users:
- name: alice
  user:
    tokenFile: tokens/alice
    client-certificate: /abs/alice.crt
    client-key-data: a2V5
contexts:
- name: dev
  context: {cluster: shared, user: alice, namespace: team}
)";

const char* kSecond = R"(apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: shared
  cluster:
    server: https://second.example:6443
- name: only-second
  cluster:
    server: https://only-second.example
users:
- name: bob
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/get-token
      args: [--cluster, prod]
      env: [{name: REGION, value: eu}]
      interactiveMode: Never
      provideClusterInfo: true
- name: carol
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
contexts:
- name: prod
  context: {cluster: only-second, user: bob}
)";

TEST(Kubeconfig, ParsesEntriesAndResolvesRelativePaths) {
  TempDirectory directory;
  std::string path = directory.write("home/config", kFirst);
  auto config = parse_kubeconfig(kFirst, path);
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(config->current_context, "dev");
  const KubeconfigCluster& shared = config->clusters.at("shared");
  EXPECT_EQ(shared.server, "https://first.example:6443");
  EXPECT_EQ(shared.certificate_authority, directory.path() + "/home/certs/ca.crt");
  EXPECT_EQ(shared.where, path + ":.clusters[0]");
  EXPECT_TRUE(config->clusters.at("only-first").insecure_skip_tls_verify);
  const KubeconfigUser& alice = config->users.at("alice");
  EXPECT_EQ(alice.token_file, directory.path() + "/home/tokens/alice");
  EXPECT_EQ(alice.client_certificate, "/abs/alice.crt");
  EXPECT_EQ(alice.client_key_data, "key");
  EXPECT_EQ(config->contexts.at("dev").namespace_name, "team");
}

TEST(Kubeconfig, ResolvesExecCommandsOnlyWhenTheyHaveASlash) {
  TempDirectory directory;
  std::string path = directory.write("second/config", kSecond);
  auto config = parse_kubeconfig(kSecond, path);
  ASSERT_TRUE(config) << config.error().to_string();
  const ExecConfig& bob = *config->users.at("bob").exec;
  EXPECT_EQ(bob.command, directory.path() + "/second/bin/get-token");
  EXPECT_EQ(bob.args, (std::vector<std::string>{"--cluster", "prod"}));
  ASSERT_EQ(bob.env.size(), 1u);
  EXPECT_EQ(bob.env[0].first, "REGION");
  EXPECT_TRUE(bob.provide_cluster_info);
  EXPECT_EQ(bob.interactive_mode, "Never");
  EXPECT_EQ(config->users.at("carol").exec->command, "gke-gcloud-auth-plugin");
}

TEST(Kubeconfig, MergesFilesTheWayKubectlDoes) {
  TempDirectory directory;
  std::string first = directory.write("a/config", kFirst);
  std::string second = directory.write("b/config", kSecond);
  auto merged =
      load_kubeconfig_files({first, directory.path() + "/missing", second}, MissingFile::kSkip);
  ASSERT_TRUE(merged) << merged.error().to_string();
  // The first file to define a name wins, whole: no field of the second "shared" leaks in.
  EXPECT_EQ(merged->clusters.at("shared").server, "https://first.example:6443");
  EXPECT_EQ(merged->clusters.at("shared").certificate_authority,
            directory.path() + "/a/certs/ca.crt");
  EXPECT_EQ(merged->clusters.size(), 3u);
  EXPECT_EQ(merged->users.size(), 3u);
  EXPECT_EQ(merged->current_context, "dev");
  EXPECT_EQ(merged->files, (std::vector<std::string>{first, second}));

  auto reversed = load_kubeconfig_files({second, first}, MissingFile::kSkip);
  ASSERT_TRUE(reversed);
  EXPECT_EQ(reversed->clusters.at("shared").server, "https://second.example:6443");
  EXPECT_EQ(reversed->current_context, "prod");
}

TEST(Kubeconfig, TakesCurrentContextFromTheFirstFileThatSetsIt) {
  TempDirectory directory;
  std::string empty_context = directory.write("a", "clusters: []\ncurrent-context: \"\"\n");
  std::string second = directory.write("b", kSecond);
  auto merged = load_kubeconfig_files({empty_context, second}, MissingFile::kSkip);
  ASSERT_TRUE(merged);
  EXPECT_EQ(merged->current_context, "prod");
}

TEST(Kubeconfig, ReportsMissingExplicitFiles) {
  TempDirectory directory;
  auto missing = load_kubeconfig_files({directory.path() + "/nope"}, MissingFile::kError);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().to_string(),
            directory.path() + "/nope: kubeconfig file not found; check --kubeconfig");
}

TEST(Kubeconfig, ReportsBadEntriesWithTheirPlace) {
  auto bad_data = parse_kubeconfig(
      "clusters:\n- name: c\n  cluster:\n    certificate-authority-data: '!!!'\n", "cfg");
  ASSERT_FALSE(bad_data);
  EXPECT_EQ(bad_data.error().to_string(),
            "cfg:.clusters[0].cluster.certificate-authority-data: not valid base64; paste the "
            "base64 of the PEM file (base64 -w0 FILE)");
  auto duplicate = parse_kubeconfig(
      "users:\n- name: u\n  user: {token: a}\n- name: u\n  user: {token: b}\n", "cfg");
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().to_string(),
            "cfg:.users[1].name: duplicate user name \"u\"; names must be unique within a file");
  auto unnamed = parse_kubeconfig("contexts:\n- context: {cluster: c}\n", "cfg");
  ASSERT_FALSE(unnamed);
  EXPECT_EQ(unnamed.error().to_string(),
            "cfg:.contexts[0].name: missing: every context entry needs a name");
}

// kubectl reads YAML plain scalars as written: a numeric namespace, a quoted boolean.
TEST(Kubeconfig, ReadsPlainScalarsAsWritten) {
  auto config = parse_kubeconfig(
      "clusters:\n- name: c\n  cluster: {server: https://a:6443, insecure-skip-tls-verify: "
      "'true'}\ncontexts:\n- name: x\n  context: {cluster: c, namespace: 2024}\n"
      "users:\n- name: u\n  user: {as-groups: [ops, 7]}\n",
      "cfg");
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_TRUE(config->clusters.at("c").insecure_skip_tls_verify);
  EXPECT_EQ(config->contexts.at("x").namespace_name, "2024");
  EXPECT_EQ(config->users.at("u").impersonate_groups, (std::vector<std::string>{"ops", "7"}));
}

TEST(Kubeconfig, WrongTypesShowTheValueFound) {
  auto server = parse_kubeconfig("clusters:\n- name: c\n  cluster: {server: [a]}\n", "cfg");
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().to_string(),
            "cfg:.clusters[0].cluster.server: expected a string, got [\"a\"]");
  auto insecure = parse_kubeconfig(
      "clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: maybe}\n", "cfg");
  ASSERT_FALSE(insecure);
  EXPECT_EQ(insecure.error().to_string(),
            "cfg:.clusters[0].cluster.insecure-skip-tls-verify: expected true or false, got "
            "\"maybe\"");
}

// A JWT-shaped service-account token (synthetic): what a bad credential field may hold.
constexpr char kTokenShaped[] =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6IkxqR2t0In0.eyJpc3MiOiJrdWJlcm5ldGVzIn0.c2lnbmF0dXJl";

std::string error_of(const std::string& users_yaml) {
  auto config = parse_kubeconfig("users:\n- name: u\n" + users_yaml, "cfg");
  return config ? "accepted" : config.error().to_string();
}

TEST(Kubeconfig, WrongTypesOfCredentialFieldsNameTheTypeNeverTheValue) {
  const std::string token = kTokenShaped;
  EXPECT_EQ(error_of("  user: {token: [" + token + "]}\n"),
            "cfg:.users[0].user.token: expected a string, got a list (not quoted: it may be a "
            "credential)");
  EXPECT_EQ(error_of("  user: {password: {" + token + ": x}}\n"),
            "cfg:.users[0].user.password: expected a string, got an object (not quoted: it may "
            "be a credential)");
  EXPECT_EQ(error_of("  user: {client-key-data: [" + token + "]}\n"),
            "cfg:.users[0].user.client-key-data: expected a string, got a list (not quoted: it "
            "may be a credential)");
  EXPECT_EQ(error_of("  user: " + token + "\n"),
            "cfg:.users[0].user: expected an object, got a string (not quoted: it may be a "
            "credential)");
  EXPECT_EQ(error_of("  user: {auth-provider: " + token + "}\n"),
            "cfg:.users[0].user.auth-provider: expected an object, got a string (not quoted: it "
            "may be a credential)");
  EXPECT_EQ(error_of("  user:\n    exec:\n      command: get-token\n      env:\n"
                     "      - {name: TOKEN, value: [" +
                     token + "]}\n"),
            "cfg:.users[0].user.exec.env[0].value: expected a string, got a list (not quoted: it "
            "may be a credential)");
  EXPECT_EQ(error_of("  user:\n    exec:\n      command: get-token\n      args: "
                     "\"--client-secret=" +
                     token + "\"\n"),
            "cfg:.users[0].user.exec.args: expected a list of strings, got a string (not quoted: "
            "it may be a credential)");
  // A field that holds no secret still shows what was found.
  EXPECT_EQ(error_of("  user: {as: [alice]}\n"),
            "cfg:.users[0].user.as: expected a string, got [\"alice\"]");
}

TEST(Kubeconfig, ReadsAnEmptyFileAsAnEmptyConfig) {
  auto empty = parse_kubeconfig("", "cfg");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

// Every value of a kubeconfig that uses each kind of entry, replaced in turn by a value of each
// other JSON type: accepted, or an error naming exactly that field; never an exception.
void collect_pointers(const nlohmann::json& value, const std::string& path,
                      const nlohmann::json::json_pointer& pointer,
                      std::vector<std::pair<std::string, nlohmann::json::json_pointer>>& out) {
  if (!path.empty()) {
    out.emplace_back(path, pointer);
  }
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      collect_pointers(item, path + "." + key, pointer / key, out);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      collect_pointers(value[i], path + "[" + std::to_string(i) + "]", pointer / i, out);
    }
  }
}

TEST(Kubeconfig, EveryFieldWithAWrongTypeIsAnErrorNamingIt) {
  std::size_t refused = 0;
  for (const char* text : {kFirst, kSecond}) {
    auto documents = parse_yaml_documents(text, "cfg");
    ASSERT_TRUE(documents.ok());
    const nlohmann::json& config = documents->front();
    std::vector<std::pair<std::string, nlohmann::json::json_pointer>> fields;
    collect_pointers(config, "", nlohmann::json::json_pointer(), fields);
    for (const auto& [path, pointer] : fields) {
      for (const nlohmann::json& wrong :
           {nlohmann::json(nullptr), nlohmann::json(true), nlohmann::json(42),
            nlohmann::json("text"), nlohmann::json::array({1}),
            nlohmann::json::object({{"k", 1}})}) {
        if (wrong.type() == config[pointer].type()) {
          continue;
        }
        nlohmann::json mutated = config;
        mutated[pointer] = wrong;
        // JSON is YAML: the kubeconfig parser reads it as kubectl does.
        auto parsed = parse_kubeconfig(mutated.dump(), "cfg");
        if (parsed) {
          continue;
        }
        ++refused;
        SCOPED_TRACE(path + " = " + wrong.dump() + ": " + parsed.error().to_string());
        EXPECT_EQ(parsed.error().where.rfind("cfg:" + path, 0), 0u);
        EXPECT_FALSE(parsed.error().message.empty());
      }
    }
  }
  EXPECT_GT(refused, 40u);
}

}  // namespace
}  // namespace kexit::kube
