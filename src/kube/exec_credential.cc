#include "kube/exec_credential.h"

#include <nlohmann/json.hpp>

#include "base/structured_text.h"
#include "base/text.h"
#include "kube/api_time.h"
#include "kube/base64.h"
#include "kube/child_process.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

std::string plugin_name(const ExecConfig& exec) { return "exec plugin \"" + exec.command + "\""; }

std::string string_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string exec_info_json(const ExecConfig& exec, const ExecClusterInfo& cluster,
                           bool interactive) {
  json spec = {{"interactive", interactive}};
  if (exec.provide_cluster_info) {
    json info = {{"server", cluster.server}};
    if (!cluster.tls_server_name.empty()) {
      info["tls-server-name"] = cluster.tls_server_name;
    }
    if (cluster.insecure_skip_tls_verify) {
      info["insecure-skip-tls-verify"] = true;
    }
    if (!cluster.ca_pem.empty()) {
      info["certificate-authority-data"] = base64_encode(cluster.ca_pem);
    }
    if (!cluster.proxy_url.empty()) {
      info["proxy-url"] = cluster.proxy_url;
    }
    spec["cluster"] = std::move(info);
  }
  json credential = {
      {"apiVersion", exec.api_version}, {"kind", "ExecCredential"}, {"spec", std::move(spec)}};
  return credential.dump();
}

Expected<ExecCredential> parse_exec_credential(std::string_view output, const ExecConfig& exec) {
  auto parsed = parse_json(output, "output");
  if (!parsed) {
    return Error{plugin_name(exec) + " printed no ExecCredential JSON (" +
                 parsed.error().to_string() + "); run it by hand to see what it prints"};
  }
  const json& document = *parsed;
  if (!document.is_object() || string_at(document, "kind") != "ExecCredential") {
    return Error{plugin_name(exec) + " printed JSON that is not an ExecCredential"};
  }
  std::string version = string_at(document, "apiVersion");
  if (version != exec.api_version) {
    return Error{plugin_name(exec) + " answered with apiVersion \"" + version +
                 "\" but the kubeconfig asks for \"" + exec.api_version + "\"; make them match"};
  }
  auto status = document.find("status");
  if (status == document.end() || !status->is_object()) {
    return Error{plugin_name(exec) + " printed an ExecCredential without status"};
  }
  ExecCredential credential;
  credential.token = string_at(*status, "token");
  credential.client_certificate_pem = string_at(*status, "clientCertificateData");
  credential.client_key_pem = string_at(*status, "clientKeyData");
  if (credential.client_certificate_pem.empty() != credential.client_key_pem.empty()) {
    return Error{plugin_name(exec) +
                 " returned only one of clientCertificateData and clientKeyData; it must "
                 "return both or neither"};
  }
  if (credential.token.empty() && credential.client_certificate_pem.empty()) {
    return Error{plugin_name(exec) + " returned neither a token nor a client certificate"};
  }
  std::string expiration = string_at(*status, "expirationTimestamp");
  if (!expiration.empty()) {
    credential.expiration = parse_api_time(expiration);
    if (!credential.expiration) {
      return Error{plugin_name(exec) + " returned expirationTimestamp \"" + expiration +
                   "\", which is not RFC 3339"};
    }
  }
  return credential;
}

Expected<ExecCredential> run_exec_plugin(const ExecConfig& exec, const ExecClusterInfo& cluster,
                                         const ExecRunOptions& options) {
  bool interactive = options.stdin_is_terminal && exec.interactive_mode != "Never";
  if (exec.interactive_mode == "Always" && !options.stdin_is_terminal) {
    return Error{plugin_name(exec) +
                 " needs an interactive terminal (interactiveMode: Always) but standard "
                 "input is not one; run kexit from a terminal"};
  }
  ChildProcessSpec spec;
  spec.argv.push_back(exec.command);
  spec.argv.insert(spec.argv.end(), exec.args.begin(), exec.args.end());
  spec.extra_env = exec.env;
  spec.extra_env.emplace_back("KUBERNETES_EXEC_INFO", exec_info_json(exec, cluster, interactive));
  spec.inherit_stdin = interactive;
  if (!interactive) {
    spec.timeout = options.timeout;
  }
  auto result = run_child_process(spec);
  if (!result) {
    std::string message = plugin_name(exec) + ": " + result.error().message;
    if (result.error().message.find("No such file") != std::string::npos) {
      message = plugin_name(exec) + " was not found" +
                (exec.command.find('/') == std::string::npos ? " on PATH" : "") + "; " +
                (exec.install_hint.empty() ? std::string("install it or fix users[].user.exec")
                                           : std::string(trim(exec.install_hint)));
    }
    return Error{message};
  }
  if (result->exit_code != 0) {
    return Error{plugin_name(exec) + " failed with exit code " + std::to_string(result->exit_code) +
                 " (its messages are above); run it by hand to see why"};
  }
  return parse_exec_credential(result->output, exec);
}

}  // namespace kexit::kube
