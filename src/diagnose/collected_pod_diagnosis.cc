#include "diagnose/collected_pod_diagnosis.h"

#include "kube/unexpected_exit.h"

namespace kexit::diagnose {

std::vector<ContainerDiagnosis> diagnose_collected(const DiagnosisEngine& engine,
                                                   const std::vector<kube::CollectedPod>& pods,
                                                   IncludeCompleted include_completed) {
  std::vector<ContainerDiagnosis> results;
  for (const auto& pod : pods) {
    for (const auto& container : pod.facts.to_diagnose) {
      if (!kube::is_unexpected_exit(pod.facts, container) &&
          include_completed == IncludeCompleted::kNo) {
        continue;
      }
      auto log = pod.logs.find(container.name);
      results.push_back(engine.diagnose(
          pod.facts, container, log == pod.logs.end() ? kube::ContainerLog{} : log->second));
    }
  }
  return results;
}

}  // namespace kexit::diagnose
