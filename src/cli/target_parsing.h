#pragma once
// Reading the targets people type after `kexit inspect`: kubectl's TYPE/NAME forms, including
// those `kubectl get -o name` prints (deployment.apps/x, job.batch/x).

#include <string>
#include <vector>

#include "base/expected.h"

namespace kexit::cli {

struct InspectTarget {
  // "pod", "deployment", "job", "statefulset", "daemonset", "replicaset" or "cronjob".
  std::string kind;
  std::string name;
};

// "x" (a pod, as in kubectl logs), "pod/x", "pods/x", "po/x", "deploy/x", "deployments/x",
// "deployment.apps/x", "deployments.v1.apps/x", "job.batch/x", ...: kind, plural or short name,
// optionally with the kind's API group (and version). A group that is not the kind's, an
// unknown kind or an empty name is an error naming the forms that work.
Expected<InspectTarget> parse_target(const std::string& text);

// The kinds parse_target knows, in the order completions offer them.
std::vector<std::string> target_kinds();

// The API group of a kind parse_target gives ("apps" for "deployment", "" for "pod").
std::string target_group(const std::string& kind);

}  // namespace kexit::cli
