#include "kube/kubelet_event_text.h"

#include <re2/re2.h>

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "base/text.h"

namespace kexit::kube {
namespace {

struct KubeletMessage {
  const char* start;  // RE2 for the template's fixed beginning
  const char* type;
  const char* reason;
};

// The templates of the kubelet's Event messages and the reasons it records them under
// (pkg/kubelet/events/event.go): prober/prober.go writes "<Probe> probe failed: <output>" as
// Unhealthy; kuberuntime/kuberuntime_manager.go kills a container whose liveness or startup
// probe failed with "Container <name> failed <probe> probe, will be restarted" as Killing, and
// backs off with "Back-off restarting failed container" as BackOff; images/image_manager.go
// writes "Failed to pull image" as Failed; the volume manager's "Unable to mount volumes for
// pod" (1.3-1.9; later "Unable to attach or mount volumes") and the operation generator's
// "MountVolume.SetUp failed" are FailedMount; 1.x's sync loop wrote "Error syncing pod" as
// FailedSync.
constexpr std::array<KubeletMessage, 7> kMessages = {{
    {R"(Container \S+ failed (?:liveness|startup) probe, will be restarted)", "Normal", "Killing"},
    {R"((?:Liveness|Readiness|Startup) probe failed: )", "Warning", "Unhealthy"},
    {R"(Back-off restarting failed container)", "Warning", "BackOff"},
    {R"(Failed to pull image )", "Warning", "Failed"},
    {R"(Unable to (?:attach or )?mount volumes for pod )", "Warning", "FailedMount"},
    {R"(MountVolume\.\S+ failed for volume )", "Warning", "FailedMount"},
    {R"(Error syncing pod)", "Warning", "FailedSync"},
}};

// A template counts where a word starts: at the line's start or after a blank, a quote mark,
// a colon or a markdown quote's '>', never inside another word.
const RE2& template_pattern(std::size_t i) {
  static const std::array<std::unique_ptr<RE2>, kMessages.size()> patterns = [] {
    std::array<std::unique_ptr<RE2>, kMessages.size()> out;
    for (std::size_t k = 0; k < kMessages.size(); ++k) {
      out[k] =
          std::make_unique<RE2>(std::string(R"((?i)(?:^|[\s:>"'])()") + kMessages[k].start + ")");
    }
    return out;
  }();
  return *patterns[i];
}

// describe's "(x4 over 2m8s)" after a message that was seen more than once.
const RE2& repeat_suffix() {
  static const RE2 pattern(R"(\s+\(x([0-9]+) over [^)]*\)\s*$)");
  return pattern;
}

std::optional<EventFacts> event_of_line(std::string_view line) {
  for (std::size_t i = 0; i < kMessages.size(); ++i) {
    re2::StringPiece found;
    if (!RE2::PartialMatch(line, template_pattern(i), &found)) {
      continue;
    }
    std::string message(trim(line.substr(found.data() - line.data())));
    EventFacts event;
    int count = 0;
    if (RE2::PartialMatch(message, repeat_suffix(), &count)) {
      message.erase(message.rfind("(x"));
      event.count = count;
    }
    event.type = kMessages[i].type;
    event.reason = kMessages[i].reason;
    event.message = std::string(trim(message));
    event.source = "kubelet";
    event.object_kind = "Pod";
    return event;
  }
  return std::nullopt;
}

}  // namespace

std::vector<EventFacts> parse_kubelet_event_lines(std::string_view text) {
  std::vector<EventFacts> events;
  for (std::string_view line : split(text, '\n')) {
    if (auto event = event_of_line(line)) {
      events.push_back(std::move(*event));
    }
  }
  return events;
}

}  // namespace kexit::kube
