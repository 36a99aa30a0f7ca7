#pragma once
// diagnose_termination: one new termination's evidence gathered (the log of the dead instance,
// bounded, and the pod's Events) and diagnosed. The agent's Events and `kexit watch`'s lines
// both come from it, so what the agent writes is what a person watching sees.

#include <cstddef>
#include <string>

#include "diagnose/diagnosis.h"
#include "diagnose/diagnosis_engine.h"
#include "kube/clock.h"
#include "kube/evidence_reader.h"
#include "kube/pod_facts.h"

namespace kexit::agent {

// One new termination, handed on by the pod watcher. The whole pod is kept, as inspect sees it:
// a rule may compare the container with the pod's others (stopped_after_app: a sidecar that
// stopped after its app container had finished).
struct TerminationWork {
  kube::PodFacts pod;
  std::string termination_id;
  // The container that terminated: pod.to_diagnose[container_index].
  std::size_t container_index = 0;

  bool has_container() const { return container_index < pod.to_diagnose.size(); }
  const kube::ContainerFacts& container() const { return pod.to_diagnose[container_index]; }
};

// Whether the cluster is asked for the log and Events, or the diagnosis rests on what the pod
// status holds (exit code, reason, termination message) because they may not be read now.
enum class EvidenceReading { kRead, kStatusOnly };

struct EvidencePlan {
  EvidenceReading reading = EvidenceReading::kRead;
  // The log tail fetched; the engine reads only the end anyway.
  std::size_t max_log_bytes = 256 * 1024;
  // With kStatusOnly: why the log was not read, shown as the diagnosis' log note.
  std::string why_not_read;
};

// The diagnosis of `work`'s container; `work.has_container()` must hold.
diagnose::ContainerDiagnosis diagnose_termination(const diagnose::DiagnosisEngine& engine,
                                                  kube::EvidenceReader& reader,
                                                  const TerminationWork& work, kube::TimePoint now,
                                                  const EvidencePlan& plan);

}  // namespace kexit::agent
