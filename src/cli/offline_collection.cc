#include "cli/offline_collection.h"

#include "base/file_reading.h"
#include "base/text.h"
#include "kube/describe_parser.h"
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

Expected<std::vector<kube::CollectedPod>> collect_from_files(const std::string& pod_file,
                                                             const std::vector<LogFileSpec>& logs,
                                                             std::size_t max_log_bytes) {
  KEXIT_ASSIGN(text, read_file(pod_file));
  const std::string source = pod_file == "-" ? "<stdin>" : pod_file;
  // What people paste into tickets is the text of kubectl describe pod, not JSON.
  KEXIT_ASSIGN(pods, kube::looks_like_describe(text) ? kube::parse_describe(text, source)
                                                     : kube::parse_pods(text, source));
  std::vector<kube::CollectedPod> collected;
  for (auto& pod : pods) {
    collected.push_back(kube::CollectedPod{std::move(pod), {}});
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
