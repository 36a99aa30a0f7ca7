#include "kube/pod_facts.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "base/text.h"

namespace kexit::kube {

const char* to_string(ContainerKind kind) {
  switch (kind) {
    case ContainerKind::kRegular:
      return "regular";
    case ContainerKind::kInit:
      return "init";
    case ContainerKind::kSidecar:
      return "sidecar";
    case ContainerKind::kEphemeral:
      return "ephemeral";
  }
  return "regular";
}

const char* to_string(ContainerOutcome outcome) {
  switch (outcome) {
    case ContainerOutcome::kTerminated:
      return "terminated";
    case ContainerOutcome::kNeverStarted:
      return "never-started";
    case ContainerOutcome::kPodFailed:
      return "pod-failed";
  }
  return "terminated";
}

namespace {

bool is_unschedulable(const PodFacts& pod) {
  return std::any_of(pod.conditions.begin(), pod.conditions.end(), [](const std::string& text) {
    return text.rfind("PodScheduled=False", 0) == 0;
  });
}

// Kubernetes before 1.2 gave Events no type; its scheduler's "failedScheduling" (read as
// FailedScheduling) is the verdict a PodScheduled=False condition gives since.
bool has_warning_event(const PodFacts& pod) {
  return std::any_of(pod.events.begin(), pod.events.end(), [](const EventFacts& event) {
    return event.type == "Warning" || (event.type.empty() && event.reason == "FailedScheduling");
  });
}

}  // namespace

void add_pod_failure(PodFacts& pod) {
  if (!pod.to_diagnose.empty()) {
    return;
  }
  const bool failed = pod.phase == "Failed" && !pod.reason.empty();
  const bool stuck = pod.phase == "Pending" && (is_unschedulable(pod) || has_warning_event(pod));
  if (!failed && !stuck) {
    return;
  }
  ContainerFacts facts = pod.first_container;
  facts.outcome = ContainerOutcome::kPodFailed;
  pod.to_diagnose.push_back(std::move(facts));
}

bool is_env_value_allowed(const std::string& name) {
  // Interpreter and runtime locations and switches: they tell which runtime ran and how, and
  // they do not carry credentials.
  static constexpr std::array<std::string_view, 14> kExact = {
      "VIRTUAL_ENV",  "PATH",           "PYTHONPATH",       "PYTHONHOME",       "JAVA_TOOL_OPTIONS",
      "NODE_OPTIONS", "RUST_BACKTRACE", "JAVA_HOME",        "PYTHONUNBUFFERED", "GOMAXPROCS",
      "GOTRACEBACK",  "RUST_LOG",       "JDK_JAVA_OPTIONS", "GOMEMLIMIT"};
  for (std::string_view allowed : kExact) {
    if (name == allowed) {
      return true;
    }
  }
  // SPARK_* names locations and settings; a name that hints at a credential is still refused.
  if (starts_with(name, "SPARK_")) {
    std::string lower = to_lower(name);
    return lower.find("secret") == std::string::npos &&
           lower.find("password") == std::string::npos &&
           lower.find("token") == std::string::npos && lower.find("key") == std::string::npos;
  }
  return false;
}

}  // namespace kexit::kube
