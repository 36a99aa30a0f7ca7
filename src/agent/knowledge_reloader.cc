#include "agent/knowledge_reloader.h"

#include <algorithm>
#include <filesystem>

#include "knowledge/builtin_knowledge.h"

namespace kexit::agent {

std::string KnowledgeReloader::fingerprint() const {
  namespace fs = std::filesystem;
  std::vector<std::string> entries;
  for (const auto& directory : directories_) {
    std::error_code error;
    fs::recursive_directory_iterator it(directory, fs::directory_options::follow_directory_symlink,
                                        error);
    if (error) {
      entries.push_back(directory + " unreadable");
      continue;
    }
    for (fs::recursive_directory_iterator end; it != end; it.increment(error)) {
      if (error) {
        break;
      }
      // status(), not symlink_status(): a ConfigMap update repoints "..data", so the targets'
      // sizes and times change while the links do not.
      auto status = fs::status(it->path(), error);
      if (error || !fs::is_regular_file(status)) {
        error.clear();
        continue;
      }
      auto size = fs::file_size(it->path(), error);
      auto time = fs::last_write_time(it->path(), error);
      if (error) {
        error.clear();
        continue;
      }
      entries.push_back(it->path().string() + " " + std::to_string(size) + " " +
                        std::to_string(time.time_since_epoch().count()));
    }
  }
  std::sort(entries.begin(), entries.end());
  std::string out;
  for (const auto& entry : entries) {
    out += entry + "\n";
  }
  return out;
}

Status KnowledgeReloader::load(std::vector<Error>& errors) {
  std::string print = fingerprint();
  auto knowledge = knowledge::load_compiled_knowledge(directories_, errors);
  if (!knowledge.ok()) {
    if (errors.empty()) {
      errors.push_back(knowledge.error());
    }
    std::vector<Error> built_in_errors;
    knowledge = knowledge::load_compiled_knowledge({}, built_in_errors);
    if (!knowledge.ok()) {
      errors.insert(errors.end(), built_in_errors.begin(), built_in_errors.end());
      return knowledge.error();
    }
  }
  auto engine = std::make_shared<const diagnose::DiagnosisEngine>(*knowledge);
  std::lock_guard lock(mutex_);
  engine_ = std::move(engine);
  loaded_fingerprint_ = std::move(print);
  return ok_status();
}

ReloadOutcome KnowledgeReloader::poll() {
  ReloadOutcome outcome;
  std::string print = fingerprint();
  {
    std::lock_guard lock(mutex_);
    if (print == loaded_fingerprint_) {
      return outcome;
    }
    // Remember the broken state too, so it is reported once, not on every poll.
    loaded_fingerprint_ = print;
  }
  auto knowledge = knowledge::load_compiled_knowledge(directories_, outcome.errors);
  if (!knowledge.ok()) {
    if (outcome.errors.empty()) {
      outcome.errors.push_back(knowledge.error());
    }
    outcome.kind = ReloadOutcome::Kind::kFailed;
    return outcome;
  }
  auto engine = std::make_shared<const diagnose::DiagnosisEngine>(*knowledge);
  std::lock_guard lock(mutex_);
  engine_ = std::move(engine);
  outcome.kind = ReloadOutcome::Kind::kReloaded;
  return outcome;
}

std::shared_ptr<const diagnose::DiagnosisEngine> KnowledgeReloader::engine() const {
  std::lock_guard lock(mutex_);
  return engine_;
}

}  // namespace kexit::agent
