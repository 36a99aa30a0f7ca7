#pragma once
// kexit's own exit statuses, one list for every subcommand (documented in README.md).

namespace kexit::cli {

enum class ExitStatus : int {
  kOk = 0,              // done; for inspect, every terminated container diagnosed
  kInternalError = 1,   // a bug in kexit: please report it
  kUsage = 2,           // bad flags or arguments (an unknown command, a bad -l selector)
  kInputError = 3,      // a pod, log or corpus file cannot be read or parsed, or --save failed
  kKnowledgeError = 4,  // knowledge files do not load, or `kb lint` found problems
  kTestsFailed = 5,     // `kb test`: a golden case failed; `kb eval`: a report regressed
  kClusterError = 6,    // kubeconfig, connection, authentication or RBAC problem
  kNotFound = 7,        // inspect: the pod or workload named does not exist
  // `inspect --exit-code`: the inspection worked and found terminations. Apart from the error
  // statuses, so a post-deploy check tells "crash loop found" from "kexit could not look".
  kTerminationsFound = 10,
};

inline int to_int(ExitStatus status) { return static_cast<int>(status); }

}  // namespace kexit::cli
