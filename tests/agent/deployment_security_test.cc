// The deployment's security (issue 15, section 4), read from manifests/ and the Helm chart:
// the agent runs non-root with a read-only root filesystem and no capabilities, RBAC grants
// exactly the verbs docs/agent.md lists one by one (never Secrets), and the NetworkPolicy lets
// the agent reach only the API server and be reached only on the metrics port. There is no
// helm binary here (Debian ships none), so the chart's templates are read as text: each block
// compared is one without template actions, or with the one conditional resolved as helm would.

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "base/file_reading.h"
#include "base/structured_text.h"

namespace kexit::agent {
namespace {

const std::string kSource = std::string(KEXIT_SOURCE_DIR) + "/";

std::string text_of(const std::string& relative) {
  auto text = read_file(kSource + relative);
  EXPECT_TRUE(text.ok()) << relative;
  return text.ok() ? *text : std::string();
}

std::vector<nlohmann::json> documents_of(const std::string& text, const std::string& name) {
  auto documents = parse_yaml_documents(text, name);
  EXPECT_TRUE(documents.ok()) << documents.error().to_string();
  return documents.ok() ? *documents : std::vector<nlohmann::json>{};
}

nlohmann::json manifest(const std::string& file, const std::string& kind) {
  for (auto& document : documents_of(text_of("manifests/" + file), file)) {
    if (document.value("kind", "") == kind) {
      return document;
    }
  }
  ADD_FAILURE() << "no " << kind << " in manifests/" << file;
  return nlohmann::json::object();
}

// The block under the line `key:` that starts at `from` in a template: the following lines
// indented deeper than the key, parsed as YAML; `end` is set past it.
nlohmann::json template_block(const std::string& text, const std::string& key, std::size_t from,
                              std::size_t& end) {
  std::size_t at = text.find(key + ":\n", from);
  EXPECT_NE(at, std::string::npos) << key;
  if (at == std::string::npos) {
    end = std::string::npos;
    return nlohmann::json();
  }
  std::size_t indent = at - text.rfind('\n', at) - 1;
  std::string block;
  std::istringstream lines(text.substr(text.find('\n', at) + 1));
  end = text.find('\n', at) + 1;
  for (std::string line; std::getline(lines, line);) {
    std::size_t first = line.find_first_not_of(' ');
    if (first == std::string::npos || first <= indent) {
      break;
    }
    block += line.substr(indent) + "\n";
    end += line.size() + 1;
  }
  EXPECT_EQ(block.find("{{"), std::string::npos) << key << " has a template action:\n" << block;
  auto documents = documents_of(block, key);
  return documents.empty() ? nlohmann::json() : documents.front();
}

// Helm's `{{ if .Values.NAME }}A{{ else }}B{{ end }}` on one line, with NAME given.
std::string resolve_inline_if(const std::string& text, const std::string& name, bool value) {
  std::regex conditional("\\{\\{ if \\.Values\\." + name +
                         " \\}\\}(.*?)\\{\\{ else \\}\\}(.*?)\\{\\{ end \\}\\}");
  return std::regex_replace(text, conditional, value ? "$1" : "$2");
}

// "group resource verb" for every verb a list of RBAC rules grants.
std::set<std::string> grants(const nlohmann::json& rules) {
  std::set<std::string> result;
  for (const auto& rule : rules) {
    for (const auto& group : rule["apiGroups"]) {
      for (const auto& resource : rule["resources"]) {
        for (const auto& verb : rule["verbs"]) {
          result.insert(group.get<std::string>() + " " + resource.get<std::string>() + " " +
                        verb.get<std::string>());
        }
      }
    }
  }
  return result;
}

std::set<std::string> manifest_grants() {
  auto result = grants(manifest("cluster-role.yaml", "ClusterRole")["rules"]);
  auto leases = grants(manifest("lease-role.yaml", "Role")["rules"]);
  result.insert(leases.begin(), leases.end());
  return result;
}

// The chart's ClusterRole and leader-election Role, with annotatePods given.
std::set<std::string> chart_grants(bool annotate_pods) {
  std::string text =
      resolve_inline_if(text_of("helm/kexit/templates/rbac.yaml"), "annotatePods", annotate_pods);
  std::size_t end = 0;
  auto result = grants(template_block(text, "rules", 0, end));
  auto leases = grants(template_block(text, "rules", end, end));
  result.insert(leases.begin(), leases.end());
  return result;
}

// The rows of docs/agent.md's "RBAC, verb by verb" table, as "group resource verb".
std::set<std::string> documented_grants() {
  std::string docs = text_of("docs/agent.md");
  std::size_t start = docs.find("### RBAC, verb by verb");
  EXPECT_NE(start, std::string::npos);
  std::string section = docs.substr(start, docs.find("\n#", start + 1) - start);
  std::regex row(R"(\n\| `([^`]*)` \| ([a-z/]+) \| ([a-z]+) \|)");
  std::set<std::string> result;
  for (std::sregex_iterator it(section.begin(), section.end(), row), last; it != last; ++it) {
    // The core group is written `""`.
    std::string group = (*it)[1].str() == "\"\"" ? "" : (*it)[1].str();
    result.insert(group + " " + (*it)[2].str() + " " + (*it)[3].str());
  }
  return result;
}

void expect_locked_down(const nlohmann::json& pod_context, const nlohmann::json& container_context,
                        const std::string& where) {
  EXPECT_EQ(pod_context["runAsNonRoot"], true) << where;
  EXPECT_GT(pod_context.value("runAsUser", 0), 0) << where;
  EXPECT_EQ(pod_context["seccompProfile"]["type"], "RuntimeDefault") << where;
  EXPECT_EQ(container_context["readOnlyRootFilesystem"], true) << where;
  EXPECT_EQ(container_context["allowPrivilegeEscalation"], false) << where;
  // Every capability dropped and none added.
  EXPECT_EQ(container_context["capabilities"].dump(), R"({"drop":["ALL"]})") << where;
  EXPECT_FALSE(container_context.contains("privileged")) << where;
}

TEST(DeploymentSecurity, ManifestsRunNonRootReadOnlyWithNoCapabilities) {
  auto pod = manifest("deployment.yaml", "Deployment")["spec"]["template"]["spec"];
  ASSERT_EQ(pod["containers"].size(), 1u);
  expect_locked_down(pod["securityContext"], pod["containers"][0]["securityContext"],
                     "manifests/deployment.yaml");
  for (const char* host : {"hostNetwork", "hostPID", "hostIPC"}) {
    EXPECT_FALSE(pod.contains(host)) << host;
  }
  for (const auto& volume : pod["volumes"]) {
    EXPECT_FALSE(volume.contains("hostPath")) << volume.dump();
  }
}

TEST(DeploymentSecurity, ChartRunsNonRootReadOnlyWithNoCapabilities) {
  std::string text = text_of("helm/kexit/templates/deployment.yaml");
  std::size_t end = 0;
  auto pod_context = template_block(text, "securityContext", 0, end);
  auto container_context = template_block(text, "securityContext", end, end);
  expect_locked_down(pod_context, container_context, "helm/kexit/templates/deployment.yaml");
  EXPECT_EQ(text.find("securityContext:", end), std::string::npos) << "a third securityContext";
  // The same contexts as the manifests, field for field.
  auto pod = manifest("deployment.yaml", "Deployment")["spec"]["template"]["spec"];
  EXPECT_EQ(pod_context, pod["securityContext"]);
  EXPECT_EQ(container_context, pod["containers"][0]["securityContext"]);
  for (const char* host : {"hostNetwork", "hostPID", "hostIPC", "hostPath", "privileged"}) {
    EXPECT_EQ(text.find(host), std::string::npos) << host;
  }
}

// The least the agent needs (src/agent/kube_agent_api.cc and the evidence reads it shares with
// inspect): pods are listed and watched, never read one by one.
const std::set<std::string> kAgentGrants = {" pods list",
                                            " pods watch",
                                            " pods/log get",
                                            " events create",
                                            " events patch",
                                            " events get",
                                            " events list",
                                            "events.k8s.io events create",
                                            "events.k8s.io events patch",
                                            "events.k8s.io events get",
                                            "events.k8s.io events list",
                                            "batch jobs get",
                                            " nodes get",
                                            "coordination.k8s.io leases get",
                                            "coordination.k8s.io leases create",
                                            "coordination.k8s.io leases update"};

TEST(DeploymentSecurity, RbacIsMinimalTheSameEverywhereAndDocumentedVerbByVerb) {
  EXPECT_EQ(manifest_grants(), kAgentGrants);
  EXPECT_EQ(chart_grants(false), kAgentGrants);
  auto annotating = kAgentGrants;
  annotating.insert(" pods patch");
  EXPECT_EQ(chart_grants(true), annotating);
  EXPECT_EQ(documented_grants(), annotating);
  for (const auto& grant : annotating) {
    EXPECT_EQ(grant.find("secrets"), std::string::npos) << grant;
    EXPECT_EQ(grant.find('*'), std::string::npos) << grant;
  }
  for (const char* file : {"manifests/cluster-role.yaml", "manifests/lease-role.yaml",
                           "helm/kexit/templates/rbac.yaml"}) {
    std::string text = text_of(file);
    EXPECT_EQ(text.find("secrets"), std::string::npos) << file;
    EXPECT_EQ(text.find("\"*\""), std::string::npos) << file;
  }
}

TEST(DeploymentSecurity, NetworkPolicyAllowsOnlyTheApiServerAndTheMetricsPort) {
  auto policy = manifest("network-policy.yaml", "NetworkPolicy");
  auto deployment = manifest("deployment.yaml", "Deployment");
  EXPECT_EQ(policy["spec"]["podSelector"]["matchLabels"],
            deployment["spec"]["template"]["metadata"]["labels"]);
  EXPECT_EQ(policy["spec"]["policyTypes"].dump(), R"(["Ingress","Egress"])");
  auto metrics_port = deployment["spec"]["template"]["spec"]["containers"][0]["ports"][0];
  EXPECT_EQ(metrics_port["name"], "http-metrics");
  EXPECT_EQ(
      policy["spec"]["ingress"].dump(),
      R"([{"ports":[{"port":)" + metrics_port["containerPort"].dump() + R"(,"protocol":"TCP"}]}])");
  EXPECT_EQ(policy["spec"]["egress"].dump(),
            R"([{"ports":[{"port":443,"protocol":"TCP"},{"port":6443,"protocol":"TCP"}]}])");
  // Opt-in, as in the chart: not among kustomize's resources.
  EXPECT_EQ(text_of("manifests/kustomization.yaml").find("network-policy.yaml"), std::string::npos);
}

TEST(DeploymentSecurity, ChartNetworkPolicyIsOffByDefaultAndMatchesTheManifest) {
  auto values = documents_of(text_of("helm/kexit/values.yaml"), "values.yaml");
  ASSERT_FALSE(values.empty());
  const auto& network = values.front()["networkPolicy"];
  EXPECT_EQ(network["enabled"], false);
  EXPECT_EQ(network["apiServer"]["ports"].dump(), "[443,6443]");
  EXPECT_EQ(network["apiServer"]["cidrs"].dump(), "[]");
  std::string text = text_of("helm/kexit/templates/networkpolicy.yaml");
  EXPECT_EQ(text.rfind("{{- if .Values.networkPolicy.enabled }}\n", 0), 0u);
  EXPECT_EQ(text.substr(text.size() - std::string("{{- end }}\n").size()), "{{- end }}\n");
  // The manifest's rules, with the values in place of their numbers.
  for (const char* line :
       {"  policyTypes: [\"Ingress\", \"Egress\"]\n",
        "  ingress:\n    - ports:\n        - port: {{ .Values.metrics.port }}\n          protocol: "
        "TCP\n",
        "  egress:\n    - ports:\n        {{- range .Values.networkPolicy.apiServer.ports }}\n"
        "        - port: {{ . }}\n          protocol: TCP\n        {{- end }}\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line;
  }
  EXPECT_EQ(text.find("kind: NetworkPolicy"), text.rfind("kind: "));
  EXPECT_NE(text_of("docs/agent.md").find("`networkPolicy.enabled` (off by default)"),
            std::string::npos);
}

}  // namespace
}  // namespace kexit::agent
