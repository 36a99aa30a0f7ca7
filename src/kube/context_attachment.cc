#include "kube/context_attachment.h"

#include <algorithm>

#include "base/text.h"
#include "kube/event_evidence.h"

namespace kexit::kube {
namespace {

void attach_job(const PodObjects& objects, PodFacts& pod) {
  if (pod.owner_kind != "Job" || pod.owner_name.empty() || pod.to_diagnose.empty()) {
    return;
  }
  auto job = objects.job_conditions.find(pod.namespace_name + "/" + pod.owner_name);
  if (job == objects.job_conditions.end()) {
    return;
  }
  pod.conditions.insert(pod.conditions.end(), job->second.begin(), job->second.end());
  // parse_describe's note that the text lacks them is answered by the Job given.
  const std::string lacking = "the conditions of Job " + pod.owner_name + " are not in";
  auto& notes = pod.evidence_notes;
  notes.erase(std::remove_if(notes.begin(), notes.end(),
                             [&](const std::string& note) { return starts_with(note, lacking); }),
              notes.end());
}

void attach_node(const PodObjects& objects, PodFacts& pod) {
  if (pod.node.empty() || !may_be_node_level(pod)) {
    return;
  }
  auto node = objects.node_conditions.find(pod.node);
  if (node != objects.node_conditions.end()) {
    pod.node_conditions = node->second;
  }
}

}  // namespace

void attach_node_and_job_context(PodObjects& objects) {
  for (auto& pod : objects.pods) {
    attach_job(objects, pod);
    attach_node(objects, pod);
  }
}

}  // namespace kexit::kube
