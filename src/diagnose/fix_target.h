#pragma once
// FixTarget: where a fix's change lands in the pod's owner (the pod template's path, the Job
// spec's path) and how it is written there: a `kubectl patch --type=json` with its
// --dry-run=server twin, or a manifest change when kubectl cannot make it stick.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "diagnose/fix_proposal.h"
#include "kube/workload_owner.h"

namespace kexit::diagnose {

// The JSON pointer of the owner's pod template spec: "/spec/template/spec", or a CronJob's
// "/spec/jobTemplate/spec/template/spec".
std::string pod_spec_pointer(const kube::WorkloadOwner& owner);

// The JSON pointer of the Job spec: "/spec" of a Job, "/spec/jobTemplate/spec" of a CronJob.
std::string job_spec_pointer(const kube::WorkloadOwner& owner);

// `pointer` and one more reference token, escaped as RFC 6901 says ("~" as "~0", "/" as "~1"),
// so a token that holds either still names one field: ("/spec", "a/b") -> "/spec/a~1b".
std::string child_pointer(const std::string& pointer, const std::string& token);

// A JSON pointer as the field path people read: "/spec/jobTemplate/spec" ->
// "spec.jobTemplate.spec".
std::string field_path(const std::string& pointer);

// Whether a kubectl change would not stick: a GitOps tool owns the manifest (its next sync
// undoes it), or the owner is a Job (its template and podFailurePolicy are immutable).
bool needs_manifest_change(const kube::WorkloadOwner& owner);

// Why the change goes to a manifest, to append to "what it changes".
std::string manifest_reason(const kube::WorkloadOwner& owner);

// One word of a kubectl command: a flag of kexit's own ("-n", "--type=json", "--limits=memory="),
// written as it is, and a value from the cluster or a file, quoted as a shell word; a flag that
// ends with "=" takes its value in the same word. Either may be "".
struct CommandWord {
  std::string flag;
  std::string value;
};

// Sets the fix's command to `kubectl WORDS...` and its dry-run command to the same with
// --dry-run=server. False, with neither set, when a value cannot be one shell word (it starts
// with "-", so kubectl would read it as a flag).
bool set_kubectl_command(const std::vector<CommandWord>& words, FixProposal& fix);

// A JSON patch as compact JSON text, invalid UTF-8 replaced.
std::string json_patch_text(const nlohmann::ordered_json& patch);

// Sets the fix's commands to `kubectl patch OWNER -n NS --type=json -p PATCH`, the patch as
// json_patch_text writes it; false as set_kubectl_command.
bool set_json_patch_command(const kube::WorkloadOwner& owner, const nlohmann::ordered_json& patch,
                            FixProposal& fix);

}  // namespace kexit::diagnose
