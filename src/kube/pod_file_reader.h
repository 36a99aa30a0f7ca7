#pragma once
// Reading one pod file (`kexit inspect --file`): JSON streamed one List item at a time, YAML
// and describe text read whole up to a bound.

#include <cstddef>
#include <string>

#include "base/expected.h"
#include "kube/pod_parser.h"

namespace kexit::kube {

// yaml-cpp loads a whole YAML text into nodes, at about 20 times its size in memory (a
// 16 MiB List of pods peaks near 450 MiB), and describe text is read whole too; JSON has no
// bound because it is streamed. 16 MiB holds a List of about 1,500 pods as kubectl prints
// them; `-o json` has no such limit.
inline constexpr std::size_t kMaxWholePodFileBytes = 16 * 1024 * 1024;

// The Pods and Events of one file ("-" for standard input, named "<stdin>" in errors). JSON
// is parsed as it is read, each item of a List turned into PodFacts as soon as it is
// complete, so memory holds one item's tree at a time (standard input is kept as text, to
// be able to point at errors); items that can never need a diagnosis (no terminated or
// waiting container, not Pending) are counted in `settled_pods` instead of kept. Other text
// over kMaxWholePodFileBytes is refused.
Expected<PodObjects> read_pod_file(const std::string& path);

}  // namespace kexit::kube
