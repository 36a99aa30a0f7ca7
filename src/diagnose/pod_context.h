#pragma once
// Pod context: what the pod, its owning Job and its node say that holds whatever the top cause
// is (app containers an init container holds back, the Job's failure, the node's pressure),
// added once to the top diagnosis's evidence.

#include "diagnose/diagnosis.h"
#include "knowledge/secret_redactor.h"
#include "kube/pod_facts.h"

namespace kexit::diagnose {

void add_pod_context(const kube::PodFacts& pod, const kube::ContainerFacts& container,
                     const knowledge::SecretRedactor& redactor, Diagnosis& top);

}  // namespace kexit::diagnose
