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
