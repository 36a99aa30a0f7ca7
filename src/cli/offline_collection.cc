#include "cli/offline_collection.h"

#include <filesystem>
#include <system_error>

#include "base/file_reading.h"
#include "base/text.h"
#include "cli/inspection_save.h"
#include "kube/describe_parser.h"
#include "kube/event_attachment.h"
#include "kube/pod_parser.h"

namespace kexit::cli {

LogFileSpec parse_log_file_spec(const std::string& text) {
  // Container names are DNS labels: a prefix with '/' or '.' before '=' is part of a path.
  std::size_t equals = text.find('=');
  if (equals != std::string::npos && equals > 0) {
    std::string name = text.substr(0, equals);
    if (name.find('/') == std::string::npos && name.find('.') == std::string::npos) {
      return LogFileSpec{name, text.substr(equals + 1)};
    }
  }
  return LogFileSpec{"", text};
}

namespace {

// Every file's pods, and the Events of all of them attached across files: a post-mortem may
// keep `kubectl get pod -o json` and `kubectl get events -o json` apart.
Expected<std::vector<kube::PodFacts>> read_pod_files(const std::vector<std::string>& files) {
  kube::PodObjects all;
  for (const auto& file : files) {
    KEXIT_ASSIGN(text, read_file(file));
    const std::string source = file == "-" ? "<stdin>" : file;
    // What people paste into tickets is the text of kubectl describe pod, not JSON.
    if (kube::looks_like_describe(text)) {
      KEXIT_ASSIGN(pods, kube::parse_describe(text, source));
      all.pods.insert(all.pods.end(), pods.begin(), pods.end());
      continue;
    }
    KEXIT_ASSIGN(objects, kube::parse_pod_objects(text, source));
    all.pods.insert(all.pods.end(), objects.pods.begin(), objects.pods.end());
    all.events.insert(all.events.end(), objects.events.begin(), objects.events.end());
  }
  if (all.pods.empty()) {
    return Error{"no Pod in the files; pass the output of kubectl get pod NAME -o json", ""};
  }
  std::size_t left_out = kube::attach_events(all.pods, all.events);
  if (left_out > 0) {
    for (auto& pod : all.pods) {
      pod.evidence_notes.push_back(std::to_string(left_out) +
                                   " Event(s) in the files are about other objects and were "
                                   "left out");
    }
  }
  return std::move(all.pods);
}

}  // namespace

Expected<std::vector<kube::CollectedPod>> collect_from_files(const std::vector<std::string>& files,
                                                             const std::vector<LogFileSpec>& logs,
                                                             std::size_t max_log_bytes) {
  for (const auto& file : files) {
    if (!is_saved_inspection(file)) {
      std::error_code error;
      if (std::filesystem::is_directory(file, error)) {
        return Error{
            "a directory without manifest.json is not a saved inspection; pass a pod "
            "file, or a directory written by kexit inspect --save",
            file};
      }
      continue;
    }
    // A save is a whole inspection: its logs and Events belong to its pods only.
    if (files.size() > 1 || !logs.empty()) {
      return Error{"a saved inspection is read alone; drop the other --file and --logs", file};
    }
    KEXIT_ASSIGN(saved, read_saved_inspection(file, max_log_bytes));
    return std::move(saved.pods);
  }
  KEXIT_ASSIGN(pods, read_pod_files(files));
  const std::string source = files.size() == 1 ? files.front() : "the files";
  std::vector<kube::CollectedPod> collected;
  for (auto& pod : pods) {
    collected.push_back(kube::CollectedPod{std::move(pod), {}, {}});
  }
  for (const auto& spec : logs) {
    std::string container = spec.container;
    kube::CollectedPod* owner = nullptr;
    if (container.empty()) {
      std::vector<std::string> names;
      for (auto& pod : collected) {
        for (const auto& facts : pod.facts.to_diagnose) {
          names.push_back(facts.name);
          owner = &pod;
          container = facts.name;
        }
      }
      if (names.size() != 1) {
        return Error{names.empty() ? "no terminated container to give this log to"
                                   : "several terminated containers (" + join(names, ", ") +
                                         "); name one: --logs NAME=" + spec.path,
                     "--logs " + spec.path};
      }
    } else {
      std::vector<std::string> names;
      for (auto& pod : collected) {
        for (const auto& facts : pod.facts.to_diagnose) {
          names.push_back(facts.name);
          if (facts.name == container && owner == nullptr) {
            owner = &pod;
          }
        }
      }
      if (owner == nullptr) {
        return Error{"no terminated container \"" + container + "\" in " + source +
                         (names.empty() ? "" : "; terminated: " + join(names, ", ")),
                     "--logs " + container + "=" + spec.path};
      }
    }
    KEXIT_ASSIGN(tail, read_file_tail(spec.path, max_log_bytes));
    kube::ContainerLog log;
    const kube::ContainerFacts* facts = nullptr;
    for (const auto& candidate : owner->facts.to_diagnose) {
      if (candidate.name == container) {
        facts = &candidate;
      }
    }
    // A log saved with `kubectl logs` is the current instance's when the container is still
    // terminated, else the previous one's (`--previous`).
    log.origin = facts != nullptr && facts->slot == kube::TerminationSlot::kCurrent
                     ? kube::LogOrigin::kCurrentLog
                     : kube::LogOrigin::kPreviousLog;
    log.text = std::move(tail.text);
    log.truncated = tail.truncated;
    owner->logs[container] = std::move(log);
  }
  return collected;
}

}  // namespace kexit::cli
