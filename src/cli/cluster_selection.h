#pragma once
// ClusterSelection: which pods of which cluster a command reads (-n, -A, -l, --kubeconfig,
// --context), parsed the same way by `inspect` and `watch`.

#include <CLI/CLI.hpp>
#include <string>

namespace kexit::cli {

struct ClusterSelection {
  std::string namespace_name;
  bool all_namespaces = false;
  std::string selector;
  std::string kubeconfig;
  std::string context;
};

void add_cluster_selection_flags(CLI::App& command, ClusterSelection& selection);

}  // namespace kexit::cli
