// The deployment artefacts: manifests/ renders with `kubectl kustomize` (skipped without
// kubectl) into least-privilege, locked-down objects, the Helm chart's values match its
// schema, and the Dockerfile's runtime stage has every library the binary needs.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "base/file_reading.h"
#include "base/structured_text.h"

namespace kexit::agent {
namespace {

std::string run(const std::string& command, int& status) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    status = -1;
    return output;
  }
  char buffer[4096];
  std::size_t read = 0;
  while ((read = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    output.append(buffer, read);
  }
  status = pclose(pipe);
  return output;
}

// libasan.so.8, libubsan.so.1, liblsan, libtsan (g++) and libclang_rt.asan-x86_64.so (clang).
bool is_sanitizer_runtime(const std::string& path) {
  static const std::regex runtime(R"((^|/)(lib(asan|ubsan|lsan|tsan)\.so|libclang_rt\.)[^/]*$)");
  return std::regex_search(path, runtime);
}

TEST(DeploymentArtefacts, SanitizerRuntimesAreToldApartFromTheLibrariesKexitShips) {
  EXPECT_TRUE(is_sanitizer_runtime("/lib/x86_64-linux-gnu/libasan.so.8"));
  EXPECT_TRUE(is_sanitizer_runtime("/lib/x86_64-linux-gnu/libubsan.so.1"));
  EXPECT_TRUE(is_sanitizer_runtime(
      "/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.asan-x86_64.so"));
  EXPECT_FALSE(is_sanitizer_runtime("/lib/x86_64-linux-gnu/libssl.so.3"));
  EXPECT_FALSE(is_sanitizer_runtime("/lib/x86_64-linux-gnu/libyaml-cpp.so.0.7"));
  EXPECT_FALSE(is_sanitizer_runtime("/opt/libasan/libre2.so.9"));
}

TEST(DeploymentArtefacts, KustomizeRendersTheManifests) {
  int status = 0;
  run("command -v kubectl >/dev/null 2>&1", status);
  if (status != 0) {
    GTEST_SKIP() << "kubectl not installed";
  }
  std::string rendered =
      run("kubectl kustomize " + std::string(KEXIT_SOURCE_DIR) + "/manifests 2>&1", status);
  ASSERT_EQ(status, 0) << rendered;
  auto documents = parse_yaml_documents(rendered, "kustomize output");
  ASSERT_TRUE(documents.ok()) << documents.error().to_string();
  std::map<std::string, nlohmann::json> by_kind;
  for (const auto& document : *documents) {
    by_kind[document.value("kind", "")] = document;
  }
  for (const char* kind : {"Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding",
                           "Role", "RoleBinding", "ConfigMap", "Deployment", "Service"}) {
    EXPECT_TRUE(by_kind.count(kind)) << kind;
  }
  const auto& pod = by_kind["Deployment"]["spec"]["template"]["spec"];
  EXPECT_EQ(pod["securityContext"]["runAsNonRoot"], true);
  EXPECT_EQ(pod["securityContext"]["seccompProfile"]["type"], "RuntimeDefault");
  const auto& container = pod["containers"][0];
  EXPECT_EQ(container["securityContext"]["readOnlyRootFilesystem"], true);
  EXPECT_EQ(container["securityContext"]["allowPrivilegeEscalation"], false);
  EXPECT_EQ(container["securityContext"]["capabilities"]["drop"][0], "ALL");
  EXPECT_TRUE(container["resources"].contains("limits"));
  EXPECT_EQ(container["readinessProbe"]["httpGet"]["path"], "/readyz");
  EXPECT_EQ(container["livenessProbe"]["httpGet"]["path"], "/healthz");
  // Leases only through the namespaced Role, never cluster-wide.
  EXPECT_EQ(by_kind["ClusterRole"].dump().find("leases"), std::string::npos);
  EXPECT_NE(by_kind["Role"].dump().find("leases"), std::string::npos);
  EXPECT_EQ(by_kind["ClusterRole"].dump().find("\"*\""), std::string::npos);
}

const std::string kChart = std::string(KEXIT_SOURCE_DIR) + "/helm/kexit/";

// Node context (a node-level termination's MemoryPressure, Ready) needs get on nodes, and
// nothing more: the manifests and the chart grant the same.
TEST(DeploymentArtefacts, TheAgentMayGetNodesAndNothingElseOnThem) {
  auto role_text = read_file(std::string(KEXIT_SOURCE_DIR) + "/manifests/cluster-role.yaml");
  ASSERT_TRUE(role_text.ok()) << role_text.error().to_string();
  auto role = parse_yaml_documents(*role_text, "cluster-role.yaml");
  ASSERT_TRUE(role.ok()) << role.error().to_string();
  std::vector<nlohmann::json> node_rules;
  for (const auto& rule : role->front()["rules"]) {
    if (rule["resources"].dump().find("nodes") != std::string::npos) {
      node_rules.push_back(rule);
    }
  }
  ASSERT_EQ(node_rules.size(), 1u);
  EXPECT_EQ(node_rules[0].dump(), R"({"apiGroups":[""],"resources":["nodes"],"verbs":["get"]})");
  auto chart_role = read_file(kChart + "templates/rbac.yaml");
  ASSERT_TRUE(chart_role.ok());
  EXPECT_NE(chart_role->find("  - apiGroups: [\"\"]\n    resources: [\"nodes\"]\n    verbs: "
                             "[\"get\"]\n"),
            std::string::npos);
  EXPECT_EQ(chart_role->find("nodes"), chart_role->rfind("nodes"));
}

// The chart's values.yaml and values.schema.json.
struct ChartValues {
  nlohmann::json values;
  nlohmann::json schema;
};

Expected<ChartValues> read_chart_values() {
  KEXIT_ASSIGN(values_text, read_file(kChart + "values.yaml"));
  KEXIT_ASSIGN(values, parse_yaml_documents(values_text, "values.yaml"));
  if (values.empty()) {
    return Error{"no document", kChart + "values.yaml"};
  }
  KEXIT_ASSIGN(schema_text, read_file(kChart + "values.schema.json"));
  KEXIT_ASSIGN(schema, parse_json(schema_text, "values.schema.json"));
  return ChartValues{std::move(values.front()), std::move(schema)};
}

TEST(DeploymentArtefacts, HelmValuesMatchTheSchema) {
  auto chart_values = read_chart_values();
  ASSERT_TRUE(chart_values.ok()) << chart_values.error().to_string();
  const auto& [values, schema] = *chart_values;
  const auto& properties = schema["properties"];
  for (const auto& [key, value] : values.items()) {
    EXPECT_TRUE(properties.contains(key)) << key << " is not in values.schema.json";
  }
  for (const char* key : {"namespaces", "selector", "replicas", "leaderElection", "resources",
                          "extraKnowledge", "metrics"}) {
    EXPECT_TRUE(values.contains(key)) << key;
  }
  for (const char* file : {"Chart.yaml", "templates/deployment.yaml", "templates/rbac.yaml",
                           "templates/servicemonitor.yaml", "templates/prometheusrule.yaml",
                           "templates/grafana-dashboard.yaml", "dashboards/kexit.json",
                           "templates/configmap.yaml", "templates/service.yaml"}) {
    EXPECT_TRUE(read_file(kChart + file).ok()) << file;
  }
}

// The image cannot be built here (no container engine, no base images), so what would break
// it at run time is checked directly: every shared library the kexit binary loads must come
// from a package the runtime stage installs, one of their dependencies, or the base image.
TEST(DeploymentArtefacts, DockerfileRuntimeStageInstallsEveryLibraryKexitLinks) {
  int status = 0;
  run("command -v ldd >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1", status);
  if (status != 0) {
    GTEST_SKIP() << "needs ldd and dpkg (Debian)";
  }
  auto dockerfile = read_file(std::string(KEXIT_SOURCE_DIR) + "/Dockerfile");
  ASSERT_TRUE(dockerfile.ok());
  // The packages of the last stage's apt-get install, continuation lines included.
  std::string runtime = dockerfile->substr(dockerfile->rfind("\nFROM "));
  std::size_t install = runtime.find("--no-install-recommends");
  ASSERT_NE(install, std::string::npos) << "no apt-get install in the runtime stage";
  std::set<std::string> installed;
  std::istringstream words(
      runtime.substr(install + 23, runtime.find("&&", install) - install - 23));
  for (std::string word; words >> word;) {
    if (word != "\\") {
      installed.insert(word);
    }
  }
  std::set<std::string> available = installed;
  // debian:12-slim holds the essential set, which includes these.
  for (const char* base : {"libc6", "libgcc-s1", "libstdc++6", "zlib1g"}) {
    available.insert(base);
  }
  for (const auto& package : installed) {
    std::string depends = run("dpkg-query -W -f='${Depends}' " + package + " 2>/dev/null", status);
    std::istringstream items(depends);
    for (std::string item; std::getline(items, item, ',');) {
      std::istringstream name(item);
      std::string first;
      name >> first;
      available.insert(first.substr(0, first.find(':')));
    }
  }
  std::string libraries =
      run("ldd " + std::string(KEXIT_BINARY_DIR) + "/kexit | awk '$3 ~ /^\\// {print $3}'", status);
  ASSERT_EQ(status, 0) << libraries;
  std::istringstream paths(libraries);
  int checked = 0;
  for (std::string path; std::getline(paths, path);) {
    // The sanitizer build (KEXIT_SANITIZE) links the sanitizer runtimes (g++'s libasan and
    // libubsan are shared); the image never ships that build.
    if (is_sanitizer_runtime(path)) {
      continue;
    }
    // Merged /usr: dpkg may know the file under /lib or /usr/lib, by its link or its target.
    std::string owner = run("for f in " + path + " \"$(readlink -f " + path +
                                ")\"; do for g in \"$f\" \"${f#/usr}\" \"/usr$f\"; do dpkg -S "
                                "\"$g\" 2>/dev/null; done; done | cut -d: -f1 | head -1",
                            status);
    owner.erase(owner.find_last_not_of(" \n") + 1);
    ASSERT_FALSE(owner.empty()) << path << " belongs to no Debian package";
    EXPECT_TRUE(available.count(owner))
        << path << " comes from " << owner
        << ", which the Dockerfile's runtime stage does not install";
    ++checked;
  }
  EXPECT_GE(checked, 5);
}

// No helm binary here to render the chart, so the one mistake a reader cannot see at a glance
// is checked: each .Values path a template uses is defined in values.yaml and the schema.
TEST(DeploymentArtefacts, HelmTemplatesUseOnlyDefinedValues) {
  auto chart_values = read_chart_values();
  ASSERT_TRUE(chart_values.ok()) << chart_values.error().to_string();
  const auto& [values, schema] = *chart_values;
  std::regex reference(R"(\.Values((\.[A-Za-z0-9_]+)+))");
  int references = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kChart + "templates")) {
    auto text = read_file(entry.path().string());
    ASSERT_TRUE(text.ok());
    for (std::sregex_iterator it(text->begin(), text->end(), reference), end; it != end; ++it) {
      std::string path = (*it)[1].str();
      const nlohmann::json* value = &values;
      const nlohmann::json* schema_node = &schema;
      std::stringstream keys(path.substr(1));
      for (std::string key; std::getline(keys, key, '.');) {
        ASSERT_TRUE(value->is_object() && value->contains(key))
            << entry.path().filename() << " uses .Values" << path << ", not in values.yaml";
        value = &(*value)[key];
        ASSERT_TRUE(schema_node->contains("properties") &&
                    (*schema_node)["properties"].contains(key))
            << entry.path().filename() << " uses .Values" << path << ", not in values.schema.json";
        schema_node = &(*schema_node)["properties"][key];
      }
      ++references;
    }
  }
  EXPECT_GT(references, 20);
}

}  // namespace
}  // namespace kexit::agent
