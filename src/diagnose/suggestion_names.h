#pragma once
// Suggestion names: a next step names the pod, its namespace, container, owner, image and node
// with the placeholders of knowledge/README.md; they are filled with what kexit knows, so a
// command can be pasted as it is, and a step that would keep one is changed or left out.

#include <optional>
#include <string>

#include "knowledge/next_step.h"
#include "kube/pod_facts.h"

namespace kexit::diagnose {

// What the placeholders become; "" for what is not known.
struct StepNames {
  std::string pod;
  std::string namespace_name;
  std::string container;
  std::string image;
  std::string node;
  // kubectl's "kind/name" of the pod's owner: deployment/api, statefulset/db, job/reindex.
  std::string owner;
  // The instance that terminated is the container's current one (restartPolicy Never, or not
  // restarted yet): `kubectl logs` reads it without --previous, which would fail.
  bool terminated_now = false;
};

// The names of a pod and one of its containers. The owner comes from the pod's controller
// reference: a ReplicaSet stands for its Deployment only when its name is the Deployment's plus
// the pod's pod-template-hash label, as the Deployment controller names it; never guessed.
StepNames names_of(const kube::PodFacts& pod, const kube::ContainerFacts& container);

// Shell variables ("$POD", "$CONTAINER") for where kexit knows no pod (explain); `image` is
// used as it is when given.
StepNames shell_variable_names(const std::string& image);

// The step with its placeholders filled; a command with a placeholder whose value is unknown
// is left out, and the step with it when it has no text of its own.
std::optional<knowledge::NextStep> with_names(const knowledge::NextStep& step,
                                              const StepNames& names);

// The owner as kubectl's "kind/name", or "" (see names_of).
std::string owner_of(const kube::PodFacts& pod);

}  // namespace kexit::diagnose
