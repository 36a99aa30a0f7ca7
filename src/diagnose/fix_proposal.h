#pragma once
// FixProposal: a change that removes a diagnosed cause, written against the pod's owner (never
// the pod) with its values filled in from the evidence, to be pasted: the command with
// --dry-run=server first, or, when a GitOps tool owns the manifest, the change to commit there.

#include <optional>
#include <string>

#include "kube/pod_facts.h"

namespace kexit::diagnose {

struct FixProposal {
  // The knowledge base's fix kind: "raise-memory-limit".
  std::string kind;
  // The object it changes, as kubectl names it: "deployment/api".
  std::string target;
  // The command to run first: `command` with --dry-run=server, which the API server checks in
  // full and stores nothing. Both "" when the change goes to a manifest instead.
  std::string dry_run_command;
  std::string command;
  // The values or patch to commit, when a GitOps tool (Helm, Argo CD, Flux) owns the target or
  // the field cannot change in place (a Job's template); "" otherwise.
  std::string manifest;
  // What it changes, with the old and new values and where the new value comes from.
  std::string changes;
  std::string risk;

  bool operator==(const FixProposal&) const = default;
};

// The fix of `kind` for this container, or nullopt when kexit cannot fill it in: no owner was
// resolved (a bare pod, a file without the owner's objects), or the evidence lacks a value (no
// memory limit to raise).
std::optional<FixProposal> propose_fix(const std::string& kind, const kube::PodFacts& pod,
                                       const kube::ContainerFacts& container);

}  // namespace kexit::diagnose
