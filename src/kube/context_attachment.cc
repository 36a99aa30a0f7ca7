#include "kube/context_attachment.h"

#include <algorithm>

#include "base/text.h"
#include "kube/event_evidence.h"
#include "kube/file_workload_reader.h"
#include "kube/job_evidence.h"
#include "kube/owner_resolution.h"

namespace kexit::kube {
namespace {

// The Job's conditions and the owner a fix changes, read from the files' workloads by the code
// that reads them from the cluster: by the owner reference's uid when both sides have one.
void attach_job_and_owner(const PodObjects& objects, PodFacts& pod) {
  FileWorkloadReader reader(objects.workloads);
  auto job_read = read_owner_job(reader, pod);
  if (job_read && *job_read && (*job_read)->ok() && owned_by(pod, *(*job_read)->json())) {
    // parse_describe's note that the text lacks them is answered by the Job given.
    const std::string lacking = "the conditions of Job " + pod.owner_name + " are not in";
    auto& notes = pod.evidence_notes;
    notes.erase(std::remove_if(notes.begin(), notes.end(),
                               [&](const std::string& note) { return starts_with(note, lacking); }),
                notes.end());
  }
  resolve_workload_owner(reader, pod);
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
    attach_job_and_owner(objects, pod);
    attach_node(objects, pod);
  }
}

}  // namespace kexit::kube
