#include "cli/cluster_selection.h"

#include <iostream>

#include "cli/command_support.h"
#include "cli/exit_status.h"
#include "kube/api_failure.h"

namespace kexit::cli {

void add_cluster_selection_flags(CLI::App& command, ClusterSelection& selection) {
  command.add_option("-n,--namespace", selection.namespace_name,
                     "Namespace (default: the context's)");
  command.add_flag("-A,--all-namespaces", selection.all_namespaces, "Every namespace");
  command.add_option("-l,--selector", selection.selector, "Label selector, as kubectl's");
  command.add_option("--kubeconfig", selection.kubeconfig, "Path of the kubeconfig file");
  command.add_option("--context", selection.context, "kubeconfig context to use");
  add_client_flags(command, selection);
}

void add_client_flags(CLI::App& command, ClusterSelection& selection) {
  command.add_option("--as", selection.as, "User to impersonate for the requests, as kubectl's");
  command.add_option("--as-group", selection.as_groups,
                     "Group to impersonate (repeat for several); needs --as");
  command.add_option("--as-uid", selection.as_uid, "UID to impersonate; needs --as");
  command.add_flag("--insecure-skip-tls-verify", selection.insecure_skip_tls_verify,
                   "Do not verify the server's certificate (warned on every run)");
  command
      .add_option("--request-timeout", selection.request_timeout,
                  "Longest wait for one request: 0 (none), seconds, or 5s, 1m, ...")
      ->capture_default_str();
  command
      .add_option("-v,--v", selection.verbosity,
                  "Trace requests on stderr: 6 method, URL, status, latency; 7 request "
                  "headers; 8 response headers too")
      ->check(CLI::Range(0, 10));
}

std::vector<std::string> with_kubectl_verbosity(std::vector<std::string> args) {
  for (std::string& arg : args) {
    if (arg.rfind("-v=", 0) == 0) {
      arg = "-" + arg;
    }
  }
  return args;
}

Expected<kube::ClientOverrides> client_overrides(const ClusterSelection& selection) {
  kube::ClientOverrides overrides;
  overrides.impersonate = selection.as;
  overrides.impersonate_groups = selection.as_groups;
  overrides.impersonate_uid = selection.as_uid;
  overrides.insecure_skip_tls_verify = selection.insecure_skip_tls_verify;
  overrides.verbosity = selection.verbosity;
  KEXIT_ASSIGN_TO(overrides.request_timeout,
                  kube::parse_request_timeout(selection.request_timeout));
  return overrides;
}

int cluster_failure_status(const Error& error, const ClusterSelection& selection) {
  print_error(error);
  const kube::ApiFailureKind kind = kube::api_failure_kind(error);
  if (kind == kube::ApiFailureKind::kNotFound) {
    return to_int(ExitStatus::kNotFound);
  }
  if (kind == kube::ApiFailureKind::kBadRequest && !selection.selector.empty()) {
    std::cerr << "kexit: the label selector \"" << selection.selector
              << "\" was rejected; write it as kubectl's -l takes it (app=web,tier in (a,b))\n";
    return to_int(ExitStatus::kUsage);
  }
  return to_int(ExitStatus::kClusterError);
}

}  // namespace kexit::cli
