#include "diagnose/suggestion_names.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "base/shell_word.h"

namespace kexit::diagnose {
namespace {

const std::string kLabelHash = "pod-template-hash";

// "deployment/api" from a ReplicaSet "api-5b8c9d7f6" whose pods carry that hash; else the
// ReplicaSet itself.
std::string replica_set_owner(const kube::PodFacts& pod) {
  auto hash = pod.labels.find(kLabelHash);
  const std::string suffix = hash == pod.labels.end() ? "" : "-" + hash->second;
  const std::string& name = pod.owner_name;
  if (!suffix.empty() && name.size() > suffix.size() &&
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return "deployment/" + name.substr(0, name.size() - suffix.size());
  }
  return "replicaset/" + name;
}

std::string with_namespace(const std::string& object, const StepNames& names) {
  return names.namespace_name.empty() ? object : object + " -n " + names.namespace_name;
}

// Kinds `kubectl rollout` works on: what CONTROLLER stands for.
bool rolls_out(const std::string& owner) {
  return owner.starts_with("deployment/") || owner.starts_with("statefulset/") ||
         owner.starts_with("daemonset/");
}

// Placeholder and value; "" = unknown.
std::vector<std::pair<std::string, std::string>> placeholders(const StepNames& names) {
  const bool named = !names.pod.empty();
  const std::string pod_object = named ? with_namespace(names.pod, names) : "";
  const std::string owner = names.owner.empty() ? "pod/" + names.pod : names.owner;
  return {
      {"POD_NAME", names.pod},
      {"POD", pod_object},
      {"NAMESPACE", names.namespace_name},
      {"CONTAINER", names.container},
      {"IMAGE", names.image},
      {"NODE", names.node},
      {"WORKLOAD", named ? with_namespace(owner, names) : ""},
      {"CONTROLLER", rolls_out(names.owner) ? with_namespace(names.owner, names) : ""},
      {"JOB", names.owner.starts_with("job/") ? with_namespace(names.owner, names) : ""},
  };
}

bool is_word(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Fills `text` in one pass over its words, so a value is never filled again ("$POD" holds POD);
// false when it holds a placeholder whose value is unknown.
bool fill(std::string& text, const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_word(text[i])) {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_word(text[end])) {
      ++end;
    }
    const std::string word = text.substr(i, end - i);
    auto match = std::find_if(values.begin(), values.end(),
                              [&](const auto& entry) { return entry.first == word; });
    if (match != values.end() && match->second.empty()) {
      return false;
    }
    out += match == values.end() ? word : match->second;
    i = end;
  }
  text = std::move(out);
  return true;
}

void remove_flag(std::string& command, const std::string& flag) {
  for (auto at = command.find(flag); at != std::string::npos; at = command.find(flag, at)) {
    const std::size_t end = at + flag.size();
    if (end < command.size() && command[end] != ' ') {
      ++at;
      continue;
    }
    command.erase(at, flag.size());
  }
}

}  // namespace

std::string owner_of(const kube::PodFacts& pod) {
  if (pod.owner_name.empty()) {
    return "";
  }
  if (pod.owner_kind == "ReplicaSet") {
    return replica_set_owner(pod);
  }
  for (const char* kind : {"StatefulSet", "DaemonSet", "Job", "CronJob", "Deployment"}) {
    if (pod.owner_kind == kind) {
      std::string lower;
      for (char c : pod.owner_kind) {
        lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      }
      return lower + "/" + pod.owner_name;
    }
  }
  return "";
}

StepNames names_of(const kube::PodFacts& pod, const kube::ContainerFacts& container) {
  const bool terminated_now = container.outcome == kube::ContainerOutcome::kTerminated &&
                              container.slot == kube::TerminationSlot::kCurrent;
  // A Deployment read from the cluster (the one the fixes change) over the ReplicaSet-name
  // convention; a Job stays the Job, not its CronJob, since JOB names the pod's own Job.
  const bool read_rollout =
      pod.workload && pod.workload->kind != "Job" && pod.workload->kind != "CronJob";
  const std::string owner = read_rollout ? pod.workload->reference() : owner_of(pod);
  return StepNames{shell_word(pod.name),
                   shell_word(pod.namespace_name),
                   shell_word(container.name),
                   shell_word(container.image),
                   shell_word(pod.node),
                   shell_word(owner),
                   terminated_now};
}

StepNames shell_variable_names(const std::string& image) {
  return StepNames{"\"$POD\"",
                   "\"$NAMESPACE\"",
                   "\"$CONTAINER\"",
                   image.empty() ? "\"$IMAGE\"" : shell_word(image),
                   "\"$NODE\"",
                   "",
                   false};
}

std::optional<knowledge::NextStep> with_names(const knowledge::NextStep& step,
                                              const StepNames& names) {
  const auto values = placeholders(names);
  knowledge::NextStep filled = step;
  if (!fill(filled.comment, values)) {
    filled.comment.clear();
  }
  if (names.terminated_now) {
    remove_flag(filled.command, " --previous");
  }
  if (!fill(filled.command, values)) {
    filled.command.clear();
    filled.comment.clear();
  }
  if (!fill(filled.text, values)) {
    return std::nullopt;
  }
  if (filled.text.empty() && filled.command.empty()) {
    return std::nullopt;
  }
  return filled;
}

}  // namespace kexit::diagnose
