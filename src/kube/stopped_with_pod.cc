#include "kube/stopped_with_pod.h"

#include <algorithm>

#include "kube/api_time.h"

namespace kexit::kube {
namespace {

bool exited_zero_and_stays_down(const ContainerFacts& container) {
  return container.outcome == ContainerOutcome::kTerminated &&
         container.slot == TerminationSlot::kCurrent && container.termination.exit_code == 0 &&
         (container.kind == ContainerKind::kSidecar || container.kind == ContainerKind::kRegular);
}

bool an_app_container_runs(const PodFacts& pod) {
  return std::any_of(pod.running.begin(), pod.running.end(), [](const RunningContainer& running) {
    return running.kind == ContainerKind::kRegular;
  });
}

// The app container that finished last at or before `finished`, other than `container`.
const ContainerFacts* app_finished_before(const PodFacts& pod, const ContainerFacts& container,
                                          TimePoint finished) {
  const ContainerFacts* found = nullptr;
  std::optional<TimePoint> found_at;
  for (const ContainerFacts& other : pod.to_diagnose) {
    if (other.name == container.name || other.kind != ContainerKind::kRegular ||
        other.outcome != ContainerOutcome::kTerminated || other.slot != TerminationSlot::kCurrent) {
      continue;
    }
    auto at = parse_api_time(other.termination.finished_at);
    if (at && *at <= finished && (!found_at || *at > *found_at)) {
      found = &other;
      found_at = at;
    }
  }
  return found;
}

std::string exit_text(const Termination& termination) {
  return termination.exit_code ? "exit " + std::to_string(*termination.exit_code) : "exit unknown";
}

}  // namespace

std::optional<std::string> stopped_after_app(const PodFacts& pod, const ContainerFacts& container) {
  if (!exited_zero_and_stays_down(container) || an_app_container_runs(pod)) {
    return std::nullopt;
  }
  auto finished = parse_api_time(container.termination.finished_at);
  if (!finished) {
    return std::nullopt;
  }
  const ContainerFacts* app = app_finished_before(pod, container, *finished);
  if (app == nullptr) {
    return std::nullopt;
  }
  return std::string(container.kind == ContainerKind::kSidecar ? "sidecar " : "container ") +
         container.name + " exited 0 at " + container.termination.finished_at +
         ", after app container " + app->name + " had finished at " + app->termination.finished_at +
         " (" + exit_text(app->termination) +
         "), and no app container runs now: it stopped with its pod";
}

}  // namespace kexit::kube
