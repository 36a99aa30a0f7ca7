#include "diagnose/fix_target.h"

#include <algorithm>

namespace kexit::diagnose {

std::string pod_spec_pointer(const kube::WorkloadOwner& owner) {
  return owner.kind == "CronJob" ? "/spec/jobTemplate/spec/template/spec" : "/spec/template/spec";
}

std::string job_spec_pointer(const kube::WorkloadOwner& owner) {
  return owner.kind == "CronJob" ? "/spec/jobTemplate/spec" : "/spec";
}

std::string field_path(const std::string& pointer) {
  std::string path = pointer.substr(pointer.empty() ? 0 : 1);
  std::replace(path.begin(), path.end(), '/', '.');
  return path;
}

bool needs_manifest_change(const kube::WorkloadOwner& owner) {
  return owner.kind == "Job" || owner.manager.tool != kube::GitOpsTool::kNone;
}

std::string manifest_reason(const kube::WorkloadOwner& owner) {
  if (owner.manager.tool == kube::GitOpsTool::kNone) {
    return "; a Job's template and podFailurePolicy are immutable, so this goes into the "
           "manifest the next Job is created from";
  }
  std::string manager = kube::gitops_tool_name(owner.manager.tool) +
                        (owner.manager.name.empty() ? "" : " " + owner.manager.name);
  return "; " + owner.reference() + " is managed by " + manager +
         ", which would undo a kubectl change at its next sync: change the chart or "
         "repository instead";
}

void set_json_patch_command(const kube::WorkloadOwner& owner, const std::string& patch,
                            FixProposal& fix) {
  fix.command = "kubectl patch " + owner.reference() + " -n " + owner.namespace_name +
                " --type=json -p '" + patch + "'";
  fix.dry_run_command = fix.command + " --dry-run=server";
}

}  // namespace kexit::diagnose
