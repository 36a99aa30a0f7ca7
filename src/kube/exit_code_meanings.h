#pragma once
// Exit-code meanings a workload declares for its own program, in the pod annotation
// kexit.io/exit-code-meanings: '{"3": "configuration invalid", "75": "retry later"}'.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace kexit::kube {

inline constexpr const char* kExitCodeMeaningsAnnotation = "kexit.io/exit-code-meanings";
// A meaning is shown in a terminal line and an Event note: one line, bounded.
inline constexpr std::size_t kMaxExitCodeMeaningBytes = 200;

struct DeclaredExitCodes {
  // Exit code -> meaning, as written (redacted only where it is shown).
  std::map<int, std::string> meanings;
  // Each entry that was left out, and why; the others are kept, so one typo never loses the
  // rest or the diagnosis.
  std::vector<Error> problems;
};

// Reads the annotation's value. `where` names the annotation for errors
// ("pod.json:.metadata.annotations.kexit.io/exit-code-meanings").
DeclaredExitCodes read_exit_code_meanings(std::string_view text, const std::string& where);

}  // namespace kexit::kube
