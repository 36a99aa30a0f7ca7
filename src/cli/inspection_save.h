#pragma once
// A saved inspection (`kexit inspect ... --save DIR`): what a post-mortem needs to reach the
// same diagnosis later, offline (`kexit inspect --file DIR`). The layout is documented in
// docs/save.md:
//
//   DIR/manifest.json                      kexit's version, the save's time, one entry per pod
//   DIR/NAMESPACE/POD/pod.json             the Pod as the API served it, env values reduced
//   DIR/NAMESPACE/POD/events.json          its Events (a core/v1 EventList)
//   DIR/NAMESPACE/POD/node-events.json     its node's Events, when they were read
//   DIR/NAMESPACE/POD/logs/CONTAINER.log   the log tail that was used, redacted

#include <cstddef>
#include <string>
#include <vector>

#include "base/expected.h"
#include "knowledge/secret_redactor.h"
#include "kube/clock.h"
#include "kube/cluster_collection.h"

namespace kexit::cli {

// The name of the file that marks a directory as a save.
inline constexpr const char* kSaveManifest = "manifest.json";

// Writes every pod of a cluster inspection to `directory` (created; files of an earlier save
// there are replaced). Every text taken from a pod - log tails, Event messages, termination
// messages - goes through `redactor` first, and env values the pod parser does not read are
// left out. `saved_at` is the time the evidence was read: the Event-expiry notes were decided
// against it, and reading the save back never asks the clock again.
Status save_inspection(const std::string& directory, const std::vector<kube::CollectedPod>& pods,
                       const knowledge::SecretRedactor& redactor, kube::TimePoint saved_at);

struct SavedInspection {
  std::string kexit_version;
  std::string saved_at;
  std::vector<kube::CollectedPod> pods;
};

// True when `path` is a directory holding a save's manifest.
bool is_saved_inspection(const std::string& path);

// Reads a save back into the pods, Events, notes and logs the inspection used, so diagnosing
// them gives the same answer. Errors name the file and field.
Expected<SavedInspection> read_saved_inspection(const std::string& directory,
                                                std::size_t max_log_bytes);

}  // namespace kexit::cli
