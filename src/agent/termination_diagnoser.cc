#include "agent/termination_diagnoser.h"

#include "kube/termination_evidence.h"

namespace kexit::agent {

diagnose::ContainerDiagnosis diagnose_termination(const diagnose::DiagnosisEngine& engine,
                                                  kube::EvidenceReader& reader,
                                                  const TerminationWork& work, kube::TimePoint now,
                                                  const EvidencePlan& plan) {
  // gather_evidence adds the pod's Events to the copy it is given.
  kube::PodFacts pod = work.pod;
  const kube::ContainerFacts container = pod.to_diagnose.front();
  kube::ContainerLog log;
  if (plan.reading == EvidenceReading::kRead) {
    auto logs = kube::gather_evidence(reader, pod, now, plan.max_log_bytes);
    log = logs[container.name];
  } else {
    log = kube::log_stand_in(container, plan.why_not_read);
  }
  return engine.diagnose(pod, container, log);
}

}  // namespace kexit::agent
