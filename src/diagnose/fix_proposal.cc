#include "diagnose/fix_proposal.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "base/text.h"
#include "diagnose/fix_target.h"
#include "diagnose/pod_failure_policy_fix.h"
#include "diagnose/probe_relaxation.h"
#include "kube/memory_quantity.h"
#include "kube/object_name.h"

namespace kexit::diagnose {
namespace {

constexpr long long kMebibyte = 1024LL * 1024;
constexpr long long kGibibyte = 1024 * kMebibyte;
// Without a measured peak the new limit is the old one and half again: enough to get past a
// modest overshoot, small enough that the node's allocatable still has a chance to hold it.
constexpr double kHeuristicFactor = 1.5;
// Above an observed usage, room for the next peak: the kubelet's figure is one sample.
constexpr double kObservedHeadroom = 1.25;

// Whole Gi when exact, else Mi rounded up: a limit is never rounded below the size chosen.
std::string memory_text(long long bytes) {
  if (bytes % kGibibyte == 0) {
    return std::to_string(bytes / kGibibyte) + "Gi";
  }
  return std::to_string((bytes + kMebibyte - 1) / kMebibyte) + "Mi";
}

// The kubelet's eviction message names each container's usage: "Container app was using
// 1436Mi, request is 512Mi, has larger consumption of memory."
std::optional<long long> evicted_usage(const std::string& message, const std::string& container) {
  std::string marker = "Container " + container + " was using ";
  auto start = message.find(marker);
  if (start == std::string::npos) {
    return std::nullopt;
  }
  start += marker.size();
  auto end = message.find(',', start);
  return kube::parse_memory_quantity(message.substr(start, end - start));
}

// Where the pod template's containers are in the owner.
std::string template_path(const std::string& kind) {
  return kind == "CronJob" ? "spec.jobTemplate.spec.template.spec" : "spec.template.spec";
}

std::string api_version_of(const std::string& kind) {
  return (kind == "Job" || kind == "CronJob") ? "batch/v1" : "apps/v1";
}

// The memory limit a fix sets, and the request set with it ("" when the container has none).
struct MemorySizes {
  std::string limit;
  std::string request;
  // The request was the limit (QoS class Guaranteed) and follows it.
  bool request_follows_limit = false;
};

// The `memory:` lines of a resources block at `indent`: the request beside the limit, so a
// chart's or base manifest's own request cannot end up above the new limit.
std::string resources_yaml(const std::string& indent, const MemorySizes& sizes) {
  std::string yaml = indent + "limits:\n" + indent + "  memory: " + sizes.limit + "\n";
  if (!sizes.request.empty()) {
    yaml += indent + "requests:\n" + indent + "  memory: " + sizes.request + "\n";
  }
  return yaml;
}

// A strategic merge patch of the owner that sets the container's memory limit, as a file to
// commit next to the manifest (a kustomize patch) or to change the manifest by.
std::string memory_patch_yaml(const kube::WorkloadOwner& owner, const std::string& container,
                              const MemorySizes& sizes) {
  std::string yaml = "apiVersion: " + api_version_of(owner.kind) + "\nkind: " + owner.kind +
                     "\nmetadata:\n  name: " + owner.name +
                     "\n  namespace: " + owner.namespace_name + "\nspec:\n";
  std::string indent = "  ";
  if (owner.kind == "CronJob") {
    yaml += "  jobTemplate:\n    spec:\n";
    indent = "      ";
  }
  yaml += indent + "template:\n" + indent + "  spec:\n" + indent + "    containers:\n" + indent +
          "      - name: " + container + "\n" + indent + "        resources:\n" +
          resources_yaml(indent + "          ", sizes);
  return yaml;
}

std::string helm_values_yaml(const kube::WorkloadOwner& owner, const MemorySizes& sizes) {
  std::string release = owner.manager.name.empty() ? "the release" : owner.manager.name;
  return "# values of " + release +
         " (the key for this container depends on the chart)\nresources:\n" +
         resources_yaml("  ", sizes);
}

// Where the change must go when kubectl cannot make it stick.
void route_to_manifest(const kube::WorkloadOwner& owner, const std::string& container,
                       const MemorySizes& sizes, FixProposal& fix) {
  using kube::GitOpsTool;
  GitOpsTool tool = owner.manager.tool;
  if (tool == GitOpsTool::kHelm || tool == GitOpsTool::kFluxHelmRelease) {
    fix.manifest = helm_values_yaml(owner, sizes);
  } else {
    fix.manifest = memory_patch_yaml(owner, container, sizes);
  }
  if (tool == GitOpsTool::kNone) {
    // Only a Job gets here: its template cannot change once it exists.
    fix.changes +=
        "; a Job's template is immutable, so this goes into the manifest the next "
        "Job is created from";
    return;
  }
  std::string manager =
      kube::gitops_tool_name(tool) + (owner.manager.name.empty() ? "" : " " + owner.manager.name);
  fix.changes += "; " + owner.reference() + " is managed by " + manager +
                 ", which would undo a kubectl change at its next sync: change the chart or "
                 "repository instead";
}

// 1.5 as "1.5", 2.0 as "2".
std::string decimal_text(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') {
    text.pop_back();
  }
  return text;
}

// The container's memory request, as written: the larger of the pod's and the owner's
// template's (the one the change lands in, which may have changed since the pod was made).
struct MemoryRequest {
  long long bytes = 0;  // 0 when neither sets one
  std::string text;
};

MemoryRequest memory_request_of(const kube::WorkloadOwner& owner,
                                const kube::ContainerFacts& container) {
  MemoryRequest request;
  const kube::TemplateContainer* target =
      kube::find_template_container(owner.containers, container.name);
  for (const std::string& text :
       {container.memory_request, target ? target->memory_request : std::string()}) {
    auto bytes = kube::parse_memory_quantity(text);
    if (bytes && *bytes > request.bytes) {
      request = {*bytes, text};
    }
  }
  return request;
}

// The request set beside the new limit: a request equal to the old limit (QoS class Guaranteed)
// follows the limit, so the class stays; any other is kept as it is.
void set_request(const MemoryRequest& request, long long old_limit, MemorySizes& sizes) {
  if (request.bytes == 0) {
    return;
  }
  sizes.request_follows_limit = request.bytes == old_limit;
  sizes.request = sizes.request_follows_limit ? sizes.limit : request.text;
}

std::string changes_text(const kube::WorkloadOwner& owner, const kube::ContainerFacts& container,
                         const MemorySizes& sizes, const std::string& source) {
  std::string field = template_path(owner.kind) + ".containers[" + container.name + "].resources.";
  std::string text = "sets " + field + "limits.memory of " + owner.reference() + " from " +
                     container.memory_limit + " to " + sizes.limit + " (" + source + ")";
  if (sizes.request.empty()) {
    return text;
  }
  return text + " and " + field + "requests.memory to " + sizes.request +
         (sizes.request_follows_limit
              ? " (equal to the limit, as the request was before, so the QoS class stays "
                "Guaranteed)"
              : " (the request as it is, set with the limit so that the limit is never below it)");
}

std::string risk_text(const kube::WorkloadOwner& owner, bool observed, const std::string& limit) {
  return std::string(observed ? "sized from one sample of usage, not a peak"
                              : "a heuristic size, not a measured peak") +
         ": if the program's memory grows with its limit (a JVM's -XX:MaxRAMPercentage, "
         "caches) it may be killed again; a node needs " +
         limit + " free for each pod, and " +
         (owner.kind == "CronJob" ? "the CronJob's next Jobs get it"
                                  : "changing the template replaces every pod");
}

// `kubectl set resources` with the limit, and the request beside it when there is one.
// A template that already asks for more than the pod's limit (a rollout that raised it, with
// this pod from the revision before): a size computed from the pod's limit could lower the
// template's, and the change the pod needs is that rollout, not another raise.
bool template_limit_above(const kube::WorkloadOwner& owner, const std::string& container,
                          long long pod_limit) {
  const kube::TemplateContainer* target =
      kube::find_template_container(owner.containers, container);
  auto template_limit = target ? kube::parse_memory_quantity(target->memory_limit) : std::nullopt;
  return template_limit && *template_limit > pod_limit;
}

bool set_memory_command(const kube::WorkloadOwner& owner, const std::string& container,
                        const MemorySizes& sizes, FixProposal& fix) {
  std::vector<CommandWord> words = {{"", "set"},
                                    {"", "resources"},
                                    {"", owner.reference()},
                                    {"-n", owner.namespace_name},
                                    {"-c", container},
                                    {"--limits=memory=", sizes.limit}};
  if (!sizes.request.empty()) {
    words.push_back({"--requests=memory=", sizes.request});
  }
  return set_kubectl_command(words, fix);
}

std::optional<FixProposal> raise_memory_limit(const kube::PodFacts& pod,
                                              const kube::ContainerFacts& container) {
  auto limit = kube::parse_memory_quantity(container.memory_limit);
  // The patch and `kubectl set resources -c` below address spec.containers: an init container
  // or a native sidecar would get a new, image-less app container instead.
  if (!pod.workload || !limit || *limit <= 0 || container.kind != kube::ContainerKind::kRegular) {
    return std::nullopt;
  }
  const kube::WorkloadOwner& owner = *pod.workload;
  if (template_limit_above(owner, container.name, *limit)) {
    return std::nullopt;
  }
  auto observed = evicted_usage(pod.message, container.name);
  long long size = observed ? std::llround(*observed * kObservedHeadroom)
                            : std::llround(*limit * kHeuristicFactor);
  std::string source =
      observed ? "the usage the eviction message reports (" + memory_text(*observed) + ") plus " +
                     std::to_string(std::lround((kObservedHeadroom - 1) * 100)) + "% headroom"
               : "a heuristic: the current limit x " + decimal_text(kHeuristicFactor) +
                     ", since no measured peak usage was available";
  MemoryRequest request = memory_request_of(owner, container);
  if (request.bytes > size) {
    size = request.bytes;
    source = "the memory request " + request.text + ", which a limit may not be below; " + source;
  }
  if (size <= *limit) {
    // Usage under the limit (an eviction for the node's pressure): a higher limit is no fix.
    return std::nullopt;
  }
  MemorySizes sizes{memory_text(size), "", false};
  set_request(request, *limit, sizes);

  FixProposal fix;
  fix.kind = "raise-memory-limit";
  fix.target = owner.reference();
  fix.changes = changes_text(owner, container, sizes, source);
  fix.risk = risk_text(owner, observed.has_value(), sizes.limit);
  if (owner.kind == "Job" || owner.manager.tool != kube::GitOpsTool::kNone) {
    route_to_manifest(owner, container.name, sizes, fix);
    return fix;
  }
  if (!set_memory_command(owner, container.name, sizes, fix)) {
    return std::nullopt;
  }
  return fix;
}

}  // namespace

std::optional<FixProposal> propose_fix(const std::string& kind, const kube::PodFacts& pod,
                                       const kube::ContainerFacts& container) {
  // Commands and patches quote every name (fix_target.h), but a name no API server would admit
  // (read from a hand-made or hostile file) names no object a fix could change.
  if (pod.workload && !(kube::is_dns1123_subdomain(pod.workload->name) &&
                        kube::is_dns1123_label(pod.workload->namespace_name) &&
                        kube::is_dns1123_label(container.name))) {
    return std::nullopt;
  }
  if (kind == "raise-memory-limit") {
    return raise_memory_limit(pod, container);
  }
  if (kind == "relax-liveness-probe") {
    return relax_liveness_probe(pod, container);
  }
  if (kind == "fail-fast-on-exit-code") {
    return fail_fast_on_exit_code(pod, container);
  }
  return std::nullopt;
}

}  // namespace kexit::diagnose
