#pragma once
// CorpusReport: one report of the failure corpus (tests/corpus/reports/*.yaml, format in
// tests/corpus/README.md) as facts and a log the engine can diagnose, with what was expected.

#include <string>
#include <string_view>
#include <vector>

#include "base/expected.h"
#include "diagnose/corpus_split.h"
#include "knowledge/knowledge_model.h"
#include "kube/container_log.h"
#include "kube/pod_facts.h"

namespace kexit::diagnose {

struct CorpusReport {
  // The file's base name without ".yaml".
  std::string id;
  // The file, for messages.
  std::string where;
  CorpusSplit split = CorpusSplit::kDevelopment;
  // Why a held-out report moved to development; empty when it did not.
  std::string moved_from_held_out;
  std::string runtime;
  // Only what the source showed: `terminated` holds the one container, whose exit code may be
  // unknown.
  kube::PodFacts pod;
  kube::ContainerLog log;
  // A slug of knowledge/causes.yaml, or a proposed one.
  std::string expected_cause;
  // A second slug that is equally right; may be empty.
  std::string also_acceptable;
  // The trap, when the report is a decoy.
  std::string decoy;
};

// One report's text. `path` names the file in messages, and its base name fixes the split;
// `knowledge` resolves signal names. `describe:` and `events:` text add the Events and pod
// conditions it shows.
Expected<CorpusReport> parse_corpus_report(std::string_view text, const std::string& path,
                                           const knowledge::KnowledgeSet& knowledge);

struct LoadedCorpus {
  // Sorted by id.
  std::vector<CorpusReport> reports;
  // One per file that did not load, in file order.
  std::vector<Error> errors;
};

// Every *.yaml file directly in `directory`; an error only when the directory cannot be read.
Expected<LoadedCorpus> load_corpus(const std::string& directory,
                                   const knowledge::KnowledgeSet& knowledge);

}  // namespace kexit::diagnose
