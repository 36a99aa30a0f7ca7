#include "cli/cluster_selection.h"

namespace kexit::cli {

void add_cluster_selection_flags(CLI::App& command, ClusterSelection& selection) {
  command.add_option("-n,--namespace", selection.namespace_name,
                     "Namespace (default: the context's)");
  command.add_flag("-A,--all-namespaces", selection.all_namespaces, "Every namespace");
  command.add_option("-l,--selector", selection.selector, "Label selector, as kubectl's");
  command.add_option("--kubeconfig", selection.kubeconfig, "Path of the kubeconfig file");
  command.add_option("--context", selection.context, "kubeconfig context to use");
}

}  // namespace kexit::cli
