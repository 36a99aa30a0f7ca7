#include "agent/termination_diagnoser.h"

#include "kube/termination_evidence.h"

namespace kexit::agent {

diagnose::ContainerDiagnosis diagnose_termination(const diagnose::DiagnosisEngine& engine,
                                                  kube::EvidenceReader& reader,
                                                  const TerminationWork& work, kube::TimePoint now,
                                                  const EvidencePlan& plan) {
  // The Events read adds to the copy it is given, and may extend pod.to_diagnose: the container
  // is copied first.
  kube::PodFacts pod = work.pod;
  const kube::ContainerFacts container = work.container();
  kube::ContainerLog log =
      plan.reading == EvidenceReading::kRead
          ? kube::gather_container_evidence(reader, pod, container, now, plan.max_log_bytes)
          : kube::log_stand_in(container, plan.why_not_read);
  return engine.diagnose(pod, container, log);
}

}  // namespace kexit::agent
