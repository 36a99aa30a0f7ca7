#pragma once
// ResourceContext: a container's memory limit beside the heap ceilings its runtime was given
// (knowledge memory_flags: -Xmx, -XX:MaxRAMPercentage, --max-old-space-size, GOMEMLIMIT), and
// its probes' timing beside how long it ran. The knowledge says what a flag means; this
// computes.

#include <optional>
#include <string>
#include <vector>

#include "knowledge/compiled_knowledge.h"
#include "kube/pod_facts.h"

namespace kexit::diagnose {

struct HeapSetting {
  std::string flag_id;  // the knowledge's memory_flags id
  std::string runtime;
  // As written: "-Xmx4g", "-Xmx4g in JAVA_TOOL_OPTIONS", "GOMEMLIMIT=1GiB".
  std::string setting;
  // The ceiling in bytes; for a percentage, of the memory limit (unknown without one).
  std::optional<long long> bytes;
  std::optional<double> percent_of_limit;
  // Unknown without a memory limit.
  std::optional<bool> above_limit;
  // "heap -Xmx4g exceeds the memory limit 2Gi".
  std::string text;
};

struct ProbeTiming {
  std::string probe;  // "liveness" or "startup"
  int period_seconds = 0;
  int timeout_seconds = 0;
  int failure_threshold = 0;
  int initial_delay_seconds = 0;
  // From startedAt to finishedAt of the instance that terminated.
  std::optional<long long> ran_seconds;
  // "liveness: restarts it after 3 failures × 10 s (timeout 1 s); the container ran 34 s,
  // initialDelaySeconds 0".
  std::string text;
};

struct ResourceContext {
  std::string memory_limit;
  std::string memory_request;
  std::vector<HeapSetting> heap;
  std::vector<ProbeTiming> probes;

  bool heap_above_limit() const;
  bool empty() const { return heap.empty() && probes.empty(); }
};

ResourceContext resource_context(const kube::ContainerFacts& container,
                                 const knowledge::CompiledKnowledge& knowledge);

}  // namespace kexit::diagnose
