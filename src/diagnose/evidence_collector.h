#pragma once
// EvidenceCollector: gathers what made one rule hold (facts, log lines, Events), redacted,
// cut to size and without repeats, in the order a report shows them.

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "diagnose/diagnosis.h"
#include "diagnose/diagnosis_engine.h"
#include "diagnose/log_scan.h"
#include "knowledge/secret_redactor.h"
#include "kube/event_facts.h"

namespace kexit::diagnose {

class EvidenceCollector {
 public:
  EvidenceCollector(const LogScan& log, const knowledge::SecretRedactor& redactor,
                    const EngineOptions& options)
      : log_(log), redactor_(redactor), options_(options) {}

  void fact(std::string text);
  void log_line(std::size_t number) { lines_.insert(number); }
  void event(const kube::EventFacts& event);
  // Adds the `count` lines after every log line collected so far.
  void add_context(int count);
  // Facts first, then Events, then the last log lines (closest to the exit).
  std::vector<Evidence> take();

 private:
  const LogScan& log_;
  const knowledge::SecretRedactor& redactor_;
  const EngineOptions& options_;
  std::vector<Evidence> facts_;
  std::vector<Evidence> events_;
  std::set<std::string> seen_facts_;
  std::set<std::size_t> lines_;
};

}  // namespace kexit::diagnose
