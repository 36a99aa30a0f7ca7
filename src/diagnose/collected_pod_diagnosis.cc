#include "diagnose/collected_pod_diagnosis.h"

namespace kexit::diagnose {

ContainerLog to_container_log(const kube::FetchedLog& fetched) {
  ContainerLog log;
  switch (fetched.origin) {
    case kube::FetchedLog::Origin::kNone:
      log.origin = LogOrigin::kNone;
      break;
    case kube::FetchedLog::Origin::kPreviousLog:
      log.origin = LogOrigin::kPreviousLog;
      break;
    case kube::FetchedLog::Origin::kCurrentLog:
      log.origin = LogOrigin::kCurrentLog;
      break;
    case kube::FetchedLog::Origin::kTerminationMessage:
      log.origin = LogOrigin::kTerminationMessage;
      break;
  }
  log.text = fetched.text;
  log.truncated = fetched.truncated;
  log.note = fetched.note;
  return log;
}

std::vector<ContainerDiagnosis> diagnose_collected(const DiagnosisEngine& engine,
                                                   const std::vector<kube::CollectedPod>& pods,
                                                   IncludeCompleted include_completed) {
  std::vector<ContainerDiagnosis> results;
  for (const auto& pod : pods) {
    for (const auto& container : pod.facts.terminated) {
      if (container.termination.exit_code == 0 && include_completed == IncludeCompleted::kNo) {
        continue;
      }
      auto log = pod.logs.find(container.name);
      ContainerLog container_log =
          log == pod.logs.end() ? ContainerLog{} : to_container_log(log->second);
      results.push_back(engine.diagnose(pod.facts, container, container_log));
    }
  }
  return results;
}

}  // namespace kexit::diagnose
