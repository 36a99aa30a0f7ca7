#include "diagnose/pod_failure_policy_fix.h"

#include "diagnose/fix_target.h"

namespace kexit::diagnose {
namespace {

nlohmann::ordered_json rule_json(const std::string& container, int code) {
  return {{"action", "FailJob"},
          {"onExitCodes",
           {{"containerName", container},
            {"operator", "In"},
            {"values", nlohmann::ordered_json::array({code})}}}};
}

// Rules are tried in order and the first that matches decides: a new rule goes first, so an
// existing Ignore or Count rule for the same code cannot shadow it.
nlohmann::ordered_json patch_json(const kube::WorkloadOwner& owner, const std::string& container,
                                  int code) {
  std::string policy = child_pointer(job_spec_pointer(owner), "podFailurePolicy");
  using nlohmann::ordered_json;
  if (owner.has_pod_failure_policy) {
    return ordered_json::array({{{"op", "add"},
                                 {"path", child_pointer(child_pointer(policy, "rules"), "0")},
                                 {"value", rule_json(container, code)}}});
  }
  ordered_json rules = {{"rules", ordered_json::array({rule_json(container, code)})}};
  return ordered_json::array({{{"op", "add"}, {"path", policy}, {"value", rules}}});
}

std::string manifest_yaml(const kube::WorkloadOwner& owner, const std::string& container,
                          int code) {
  std::string yaml = "# " + owner.reference() + (owner.kind == "CronJob" ? "'s jobTemplate" : "") +
                     ": add the rule first in podFailurePolicy.rules\nspec:\n";
  std::string indent = "  ";
  if (owner.kind == "CronJob") {
    yaml += "  jobTemplate:\n    spec:\n";
    indent = "      ";
  }
  return yaml + indent + "podFailurePolicy:\n" + indent + "  rules:\n" + indent +
         "    - action: FailJob\n" + indent + "      onExitCodes:\n" + indent +
         "        containerName: " + container + "\n" + indent + "        operator: In\n" + indent +
         "        values: [" + std::to_string(code) + "]\n";
}

std::string risk_text(const kube::WorkloadOwner& owner, const std::string& container, int code) {
  const std::string code_text = std::to_string(code);
  return "every exit with " + code_text + " from " + container +
         " fails the Job, including one a retry would have passed (a transient error that "
         "the program reports with the same code); " +
         // EXIT_FAILURE: most programs and runtimes end any unhandled error with 1, so the
         // rule reaches far beyond the cause diagnosed here.
         (code == 1 ? std::string("exit code 1 is what most programs return for any "
                                  "unhandled error, not only this one; ")
                    : std::string()) +
         (owner.kind == "CronJob" ? "the CronJob's next Jobs get it, a running Job keeps its "
                                    "policy"
                                  : "the Job that failed keeps its policy");
}

}  // namespace

std::optional<FixProposal> fail_fast_on_exit_code(const kube::PodFacts& pod,
                                                  const kube::ContainerFacts& container) {
  if (!pod.workload || (pod.workload->kind != "Job" && pod.workload->kind != "CronJob")) {
    return std::nullopt;
  }
  const kube::WorkloadOwner& owner = *pod.workload;
  auto code = container.termination.exit_code;
  // OnFailure restarts the container in place, so the pod never fails for the policy to judge;
  // the API server refuses a podFailurePolicy with any restartPolicy but Never.
  if (owner.restart_policy != "Never" || !code || *code == 0 ||
      find_template_container(owner.containers, container.name) == nullptr) {
    return std::nullopt;
  }
  FixProposal fix;
  fix.kind = "fail-fast-on-exit-code";
  fix.target = owner.reference();
  std::string code_text = std::to_string(*code);
  fix.changes = "adds a podFailurePolicy rule to " + field_path(job_spec_pointer(owner)) + " of " +
                owner.reference() + " (FailJob on exit code " + code_text + " of container " +
                container.name + "): the next pod that exits so fails its Job at once, instead " +
                "of being retried up to backoffLimit times with the same image and arguments";
  fix.risk = risk_text(owner, container.name, *code);
  if (needs_manifest_change(owner)) {
    fix.manifest = manifest_yaml(owner, container.name, *code);
    fix.changes += manifest_reason(owner);
    return fix;
  }
  if (!set_json_patch_command(owner, patch_json(owner, container.name, *code), fix)) {
    return std::nullopt;
  }
  return fix;
}

}  // namespace kexit::diagnose
