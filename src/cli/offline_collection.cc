#include "cli/offline_collection.h"

#include <filesystem>
#include <iterator>
#include <system_error>

#include "base/file_reading.h"
#include "base/text.h"
#include "cli/inspection_save.h"
#include "kube/context_attachment.h"
#include "kube/describe_parser.h"
#include "kube/event_attachment.h"
#include "kube/pod_file_reader.h"

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
Expected<kube::PodObjects> read_pod_files(const std::vector<std::string>& files) {
  kube::PodObjects all;
  for (const auto& file : files) {
    KEXIT_ASSIGN(objects, kube::read_pod_file(file));
    all.pods.insert(all.pods.end(), std::make_move_iterator(objects.pods.begin()),
                    std::make_move_iterator(objects.pods.end()));
    all.events.insert(all.events.end(), std::make_move_iterator(objects.events.begin()),
                      std::make_move_iterator(objects.events.end()));
    all.settled_pods += objects.settled_pods;
    all.node_conditions.merge(objects.node_conditions);
    all.workloads.insert(all.workloads.end(), std::make_move_iterator(objects.workloads.begin()),
                         std::make_move_iterator(objects.workloads.end()));
  }
  if (all.pods.empty() && all.settled_pods == 0) {
    return Error{"no Pod in the files; pass the output of kubectl get pod NAME -o json"};
  }
  std::size_t left_out = kube::attach_events(all.pods, all.events);
  if (left_out > 0) {
    for (auto& pod : all.pods) {
      pod.evidence_notes.push_back(std::to_string(left_out) +
                                   " Event(s) in the files are about other objects and were "
                                   "left out");
    }
  }
  kube::attach_node_and_job_context(all);
  return all;
}

}  // namespace

// Reads into `out` the inspection a directory `inspect --save` wrote, when one of `files` is
// such a directory; false when none is.
Expected<bool> read_saved_inspection_into(const std::vector<std::string>& files,
                                          const std::vector<LogFileSpec>& logs,
                                          std::size_t max_log_bytes, OfflinePods& out) {
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
    const std::size_t count = saved.pods.size();
    out = OfflinePods{std::move(saved.pods), count};
    return true;
  }
  return false;
}

Expected<OfflinePods> collect_from_files(const std::vector<std::string>& files,
                                         const std::vector<LogFileSpec>& logs,
                                         std::size_t max_log_bytes) {
  OfflinePods offline;
  KEXIT_ASSIGN(from_save, read_saved_inspection_into(files, logs, max_log_bytes, offline));
  if (from_save) {
    return offline;
  }
  KEXIT_ASSIGN(objects, read_pod_files(files));
  const std::string source = files.size() == 1 ? files.front() : "the files";
  offline.pods_read = objects.pods.size() + objects.settled_pods;
  std::vector<kube::CollectedPod>& collected = offline.pods;
  for (auto& pod : objects.pods) {
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
  return offline;
}

}  // namespace kexit::cli
