#include "diagnose/fix_target.h"

#include <algorithm>

#include "base/shell_word.h"

namespace kexit::diagnose {

std::string pod_spec_pointer(const kube::WorkloadOwner& owner) {
  return owner.kind == "CronJob" ? "/spec/jobTemplate/spec/template/spec" : "/spec/template/spec";
}

std::string job_spec_pointer(const kube::WorkloadOwner& owner) {
  return owner.kind == "CronJob" ? "/spec/jobTemplate/spec" : "/spec";
}

std::string child_pointer(const std::string& pointer, const std::string& token) {
  std::string escaped;
  for (char c : token) {
    escaped += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
  }
  return pointer + "/" + escaped;
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

bool set_kubectl_command(const std::vector<CommandWord>& words, FixProposal& fix) {
  std::string command = "kubectl";
  for (const auto& word : words) {
    std::string value = shell_word(word.value);
    if (value.empty() && !word.value.empty()) {
      return false;
    }
    const bool attached = word.flag.ends_with('=') || word.flag.empty() || value.empty();
    command += " " + word.flag + (attached ? "" : " ") + value;
  }
  fix.command = command;
  fix.dry_run_command = command + " --dry-run=server";
  return true;
}

std::string json_patch_text(const nlohmann::ordered_json& patch) {
  return patch.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

bool set_json_patch_command(const kube::WorkloadOwner& owner, const nlohmann::ordered_json& patch,
                            FixProposal& fix) {
  return set_kubectl_command({{"", "patch"},
                              {"", owner.reference()},
                              {"-n", owner.namespace_name},
                              {"--type=json", ""},
                              {"-p", json_patch_text(patch)}},
                             fix);
}

}  // namespace kexit::diagnose
