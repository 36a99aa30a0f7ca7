#pragma once
// DiagnosisEngine: evaluates every knowledge rule against one terminated container's facts
// and log, and ranks the causes that fit.

#include <cstddef>
#include <memory>

#include "diagnose/diagnosis.h"
#include "knowledge/compiled_knowledge.h"
#include "kube/container_log.h"
#include "kube/pod_facts.h"

namespace kexit::diagnose {

struct EngineOptions {
  // Only the tail is scanned: a crash's cause is at the end, and a crash-looping JVM can log
  // gigabytes before it.
  std::size_t max_log_bytes = 2 * 1024 * 1024;
  // Log lines shown as evidence for one diagnosis.
  std::size_t max_log_evidence = 6;
  // Evidence lines are cut to this many bytes.
  std::size_t max_evidence_bytes = 400;
  // Bounds of the log's last lines shown when no rule used a log line (ContainerDiagnosis::
  // log_tail): enough to read a stack trace's end, small enough for a terminal and an Event.
  std::size_t max_log_tail_lines = 10;
  std::size_t max_log_tail_bytes = 2048;
  // Warning Events listed with a container (ContainerDiagnosis::warning_events): a crash loop
  // has a handful of aggregated ones, and the newest say what happened last.
  std::size_t max_warning_events = 5;
};

class DiagnosisEngine {
 public:
  explicit DiagnosisEngine(std::shared_ptr<const knowledge::CompiledKnowledge> knowledge,
                           EngineOptions options = {});

  // Never fails: with no rule matching, the exit code itself is explained.
  ContainerDiagnosis diagnose(const kube::PodFacts& pod, const kube::ContainerFacts& container,
                              const kube::ContainerLog& log) const;

  const knowledge::CompiledKnowledge& knowledge() const { return *knowledge_; }

 private:
  std::shared_ptr<const knowledge::CompiledKnowledge> knowledge_;
  EngineOptions options_;
};

}  // namespace kexit::diagnose
