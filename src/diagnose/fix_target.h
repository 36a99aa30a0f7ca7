#pragma once
// FixTarget: where a fix's change lands in the pod's owner (the pod template's path, the Job
// spec's path) and how it is written there: a `kubectl patch --type=json` with its
// --dry-run=server twin, or a manifest change when kubectl cannot make it stick.

#include <string>

#include "diagnose/fix_proposal.h"
#include "kube/workload_owner.h"

namespace kexit::diagnose {

// The JSON pointer of the owner's pod template spec: "/spec/template/spec", or a CronJob's
// "/spec/jobTemplate/spec/template/spec".
std::string pod_spec_pointer(const kube::WorkloadOwner& owner);

// The JSON pointer of the Job spec: "/spec" of a Job, "/spec/jobTemplate/spec" of a CronJob.
std::string job_spec_pointer(const kube::WorkloadOwner& owner);

// A JSON pointer as the field path people read: "/spec/jobTemplate/spec" ->
// "spec.jobTemplate.spec".
std::string field_path(const std::string& pointer);

// Whether a kubectl change would not stick: a GitOps tool owns the manifest (its next sync
// undoes it), or the owner is a Job (its template and podFailurePolicy are immutable).
bool needs_manifest_change(const kube::WorkloadOwner& owner);

// Why the change goes to a manifest, to append to "what it changes".
std::string manifest_reason(const kube::WorkloadOwner& owner);

// Sets the fix's command and dry-run command to `kubectl patch OWNER -n NS --type=json -p
// 'PATCH'`; the patch is JSON without a single quote (Kubernetes names cannot hold one).
void set_json_patch_command(const kube::WorkloadOwner& owner, const std::string& patch,
                            FixProposal& fix);

}  // namespace kexit::diagnose
