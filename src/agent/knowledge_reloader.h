#pragma once
// KnowledgeReloader: the diagnosis engine over the built-in knowledge plus extra directories
// (a mounted ConfigMap), rebuilt when those files change. A broken file is reported and the
// last good knowledge stays in use.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/expected.h"
#include "diagnose/diagnosis_engine.h"

namespace kexit::agent {

struct ReloadOutcome {
  enum class Kind { kUnchanged, kReloaded, kFailed };
  Kind kind = Kind::kUnchanged;
  // Every problem found, with file and line, when kFailed.
  std::vector<Error> errors;
};

class KnowledgeReloader {
 public:
  explicit KnowledgeReloader(std::vector<std::string> extra_directories)
      : directories_(std::move(extra_directories)) {}

  // The first load. When the extra files do not load, their problems go to `errors` and the
  // built-in knowledge alone is used until they are fixed (a typo in a ConfigMap must not
  // crash-loop the agent and silence every alert); only a built-in knowledge that does not
  // load is an error.
  Status load(std::vector<Error>& errors);

  // Reloads when a file under the directories was added, removed or changed (ConfigMap
  // updates swap a symlink, so targets are compared, not link times).
  ReloadOutcome poll();

  // The engine in use; safe to call from any thread, valid for as long as it is held.
  std::shared_ptr<const diagnose::DiagnosisEngine> engine() const;

  // A summary of the watched files (names, sizes, modification times).
  std::string fingerprint() const;

 private:
  std::vector<std::string> directories_;
  std::string loaded_fingerprint_;
  mutable std::mutex mutex_;
  std::shared_ptr<const diagnose::DiagnosisEngine> engine_;
};

}  // namespace kexit::agent
