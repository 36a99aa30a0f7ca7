#pragma once
// Diagnosing collected pods (from files or a cluster): every terminated container with the log
// collected for it.

#include <vector>

#include "diagnose/diagnosis_engine.h"
#include "kube/cluster_collection.h"

namespace kexit::diagnose {

enum class IncludeCompleted { kNo, kYes };

// In pod order, then container order. A plain completion (kube::is_unexpected_exit false) is left
// out unless asked for.
std::vector<ContainerDiagnosis> diagnose_collected(const DiagnosisEngine& engine,
                                                   const std::vector<kube::CollectedPod>& pods,
                                                   IncludeCompleted include_completed);

}  // namespace kexit::diagnose
