#include "diagnose/probe_relaxation.h"

#include <algorithm>
#include <chrono>

#include "diagnose/fix_target.h"
#include "kube/api_time.h"

namespace kexit::diagnose {
namespace {

// A heuristic, named in the fix: the start needs more than the time it was given, by an amount
// no evidence shows; twice that time is a guess that fits a start slowed by a cold cache or a
// busy node, and still bounds how long a container that hangs at start is left alone.
constexpr int kStartFactor = 2;
// The longest a container killed by a probe takes to exit by default: the kubelet sends SIGTERM
// and waits terminationGracePeriodSeconds (30 unless the pod sets it) before SIGKILL.
constexpr int kDefaultGracePeriodSeconds = 30;

std::optional<long long> seconds_run(const kube::Termination& termination) {
  auto started = kube::parse_api_time(termination.started_at);
  auto finished = kube::parse_api_time(termination.finished_at);
  if (!started || !finished || *finished < *started) {
    return std::nullopt;
  }
  return std::chrono::duration_cast<std::chrono::seconds>(*finished - *started).count();
}

long long ceiling_division(long long numerator, long long denominator) {
  return (numerator + denominator - 1) / denominator;
}

// The probe that judged the start: the startup probe when there is one (liveness waits for it).
struct StartProbe {
  const char* field;  // "startupProbe" or "livenessProbe"
  kube::TemplateProbe timing;
};

struct Relaxation {
  nlohmann::ordered_json patch;  // JSON patch (RFC 6902)
  std::string values;            // the Helm values form
  long long new_threshold = 0;
  long long budget = 0;  // seconds the start gets after the change
  bool adds_startup_probe = false;
};

Relaxation relaxation_for(const kube::WorkloadOwner& owner, const kube::TemplateContainer& target,
                          const StartProbe& probe, long long needed) {
  const auto& timing = probe.timing;
  Relaxation result;
  result.adds_startup_probe = !target.startup_probe.has_value();
  result.new_threshold = std::max<long long>(
      timing.failure_threshold + 1,
      ceiling_division(needed - timing.initial_delay_seconds, timing.period_seconds));
  result.budget = timing.initial_delay_seconds + timing.period_seconds * result.new_threshold;
  const std::string container = child_pointer(child_pointer(pod_spec_pointer(owner), "containers"),
                                              std::to_string(target.index));
  const std::string startup_probe = child_pointer(container, "startupProbe");
  using nlohmann::ordered_json;
  // The test op makes the patch fail if the template's containers moved since kexit read it.
  result.patch = ordered_json::array();
  result.patch.push_back(
      {{"op", "test"}, {"path", child_pointer(container, "name")}, {"value", target.name}});
  if (result.adds_startup_probe) {
    result.patch.push_back({{"op", "copy"},
                            {"from", child_pointer(container, "livenessProbe")},
                            {"path", startup_probe}});
  }
  result.patch.push_back({{"op", "add"},
                          {"path", child_pointer(startup_probe, "failureThreshold")},
                          {"value", result.new_threshold}});
  result.values = "startupProbe:\n" +
                  std::string(result.adds_startup_probe
                                  ? "  # the same handler and timing as the livenessProbe, and\n"
                                  : "") +
                  "  failureThreshold: " + std::to_string(result.new_threshold) + "\n";
  return result;
}

// A YAML single-quoted scalar: every character as it is, but the quote, which is doubled.
std::string yaml_single_quoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    quoted += c == '\'' ? std::string("''") : std::string(1, c);
  }
  return quoted + "'";
}

std::string manifest_for(const kube::WorkloadOwner& owner, const Relaxation& relaxation) {
  using kube::GitOpsTool;
  if (owner.manager.tool == GitOpsTool::kHelm ||
      owner.manager.tool == GitOpsTool::kFluxHelmRelease) {
    std::string release = owner.manager.name.empty() ? "the release" : owner.manager.name;
    return "# values of " + release + " (the key for this container depends on the chart)\n" +
           relaxation.values;
  }
  return "# kustomization.yaml: the same change as a patch of the manifest\npatches:\n"
         "  - target: {kind: " +
         owner.kind + ", name: " + owner.name +
         "}\n    patch: " + yaml_single_quoted(json_patch_text(relaxation.patch)) + "\n";
}

std::string changes_text(const kube::WorkloadOwner& owner, const kube::TemplateContainer& target,
                         const StartProbe& probe, const Relaxation& relaxation, long long ran) {
  std::string where = field_path(pod_spec_pointer(owner));
  std::string field =
      where + ".containers[" + std::to_string(target.index) + "].startupProbe.failureThreshold";
  std::string was = std::to_string(probe.timing.budget_seconds());
  return std::string(relaxation.adds_startup_probe
                         ? "adds a startupProbe (a copy of the livenessProbe) to container " +
                               target.name + " of " + owner.reference() + ", with " + field + " "
                         : "raises " + field + " of " + owner.reference() + " from " +
                               std::to_string(probe.timing.failure_threshold) + " to ") +
         std::to_string(relaxation.new_threshold) + ": the start gets " +
         std::to_string(relaxation.budget) + " s instead of the " + was + " s of its " +
         probe.field + " (initialDelaySeconds + periodSeconds x failureThreshold); " +
         "a heuristic: " + std::to_string(kStartFactor) + " x the " + std::to_string(ran) +
         " s the container ran before the probe killed it, since no evidence shows how long " +
         "its start takes";
}

std::string risk_text(const kube::WorkloadOwner& owner, const Relaxation& relaxation) {
  return "a heuristic budget, not a measured start time: a start slower still is killed again, "
         "and a container that hangs at start is left for up to " +
         std::to_string(relaxation.budget) +
         " s before a restart; the livenessProbe itself is unchanged once the start passes; " +
         (owner.kind == "CronJob" ? "the CronJob's next Jobs get it"
                                  : "changing the template replaces every pod");
}

}  // namespace

std::optional<FixProposal> relax_liveness_probe(const kube::PodFacts& pod,
                                                const kube::ContainerFacts& container) {
  if (!pod.workload || container.kind != kube::ContainerKind::kRegular) {
    return std::nullopt;
  }
  const kube::WorkloadOwner& owner = *pod.workload;
  const kube::TemplateContainer* target = find_template_container(owner.containers, container.name);
  auto ran = seconds_run(container.termination);
  // With a startup probe, that one is raised; without, the liveness probe is copied into one.
  if (target == nullptr || (!target->liveness_probe && !target->startup_probe) || !ran) {
    return std::nullopt;
  }
  StartProbe probe = target->startup_probe ? StartProbe{"startupProbe", *target->startup_probe}
                                           : StartProbe{"livenessProbe", *target->liveness_probe};
  // Killed after it could have passed a probe and failed failureThreshold in a row: it had
  // started, and a longer start budget changes nothing.
  if (*ran >
      probe.timing.budget_seconds() + probe.timing.period_seconds + kDefaultGracePeriodSeconds) {
    return std::nullopt;
  }
  Relaxation relaxation = relaxation_for(owner, *target, probe, kStartFactor * std::max(*ran, 1LL));
  FixProposal fix;
  fix.kind = "relax-liveness-probe";
  fix.target = owner.reference();
  fix.changes = changes_text(owner, *target, probe, relaxation, *ran);
  fix.risk = risk_text(owner, relaxation);
  if (needs_manifest_change(owner)) {
    fix.manifest = manifest_for(owner, relaxation);
    fix.changes += manifest_reason(owner);
    return fix;
  }
  if (!set_json_patch_command(owner, relaxation.patch, fix)) {
    return std::nullopt;
  }
  return fix;
}

}  // namespace kexit::diagnose
