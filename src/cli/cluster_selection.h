#pragma once
// ClusterSelection: which pods of which cluster a command reads (-n, -A, -l, --kubeconfig,
// --context), parsed the same way by `inspect` and `watch`.

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/expected.h"
#include "kube/client_overrides.h"

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
  // kubectl's client flags, as typed.
  std::string as;
  std::vector<std::string> as_groups;
  std::string as_uid;
  bool insecure_skip_tls_verify = false;
  std::string request_timeout = "0";
  int verbosity = 0;
};

void add_cluster_selection_flags(CLI::App& command, ClusterSelection& selection);

// The client flags of the selection; a --request-timeout kubectl would refuse is an error.
Expected<kube::ClientOverrides> client_overrides(const ClusterSelection& selection);

// The arguments with kubectl's `-v=N` written `--v=N`, the form CLI11 reads (it takes `-v N`,
// `-vN` and `--v=N` as they are).
std::vector<std::string> with_kubectl_verbosity(std::vector<std::string> args);

// The client flags (--as, --as-group, --insecure-skip-tls-verify, --request-timeout, -v), for
// commands that talk to a cluster without selecting pods (the agent has its own subset).
void add_client_flags(CLI::App& command, ClusterSelection& selection);

// Prints a failed read of the cluster and gives its exit status: a target that does not exist
// and a selector the API server cannot parse are the user's to fix (kNotFound, kUsage), the
// rest the cluster's (kClusterError).
int cluster_failure_status(const Error& error, const ClusterSelection& selection);

}  // namespace kexit::cli
