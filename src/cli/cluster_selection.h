#pragma once
// ClusterSelection: which pods of which cluster a command reads (-n, -A, -l, --kubeconfig,
// --context), parsed the same way by `inspect` and `watch`.

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>

#include "base/error.h"

namespace kexit::cli {

// How much of the end of each log `inspect` and `watch` read by default: the two print the same
// document for one termination, so they read the same evidence. (The agent, which runs all
// day beside many pods, reads less.)
constexpr std::size_t kDefaultMaxLogBytes = 2 * 1024 * 1024;

struct ClusterSelection {
  std::string namespace_name;
  bool all_namespaces = false;
  std::string selector;
  std::string kubeconfig;
  std::string context;
};

void add_cluster_selection_flags(CLI::App& command, ClusterSelection& selection);

// Prints a failed read of the cluster and gives its exit status: a target that does not exist
// and a selector the API server cannot parse are the user's to fix (kNotFound, kUsage), the
// rest the cluster's (kClusterError).
int cluster_failure_status(const Error& error, const ClusterSelection& selection);

}  // namespace kexit::cli
