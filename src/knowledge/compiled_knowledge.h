#pragma once
// CompiledKnowledge: a validated KnowledgeSet with every pattern compiled to RE2, and all log
// patterns in one RE2::Set so a log is scanned once whatever the number of rules.

#include <re2/re2.h>
#include <re2/set.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/expected.h"
#include "knowledge/knowledge_model.h"
#include "knowledge/secret_redactor.h"

namespace kexit::knowledge {

struct CompiledEventCondition {
  const EventCondition* source = nullptr;
  std::unique_ptr<RE2> message;
  std::unique_ptr<RE2> component;
};

struct CompiledConditions {
  const ConditionSet* source = nullptr;
  std::vector<int> signal_numbers;
  std::unique_ptr<RE2> container_name;
  std::unique_ptr<RE2> image;
  std::unique_ptr<RE2> command;
  std::unique_ptr<RE2> message;
  std::vector<std::pair<std::string, std::unique_ptr<RE2>>> labels;
  std::vector<std::pair<std::string, std::unique_ptr<RE2>>> env;
  std::unique_ptr<RE2> pod_condition;
  std::vector<CompiledEventCondition> events;
  // Indices into CompiledKnowledge::log_patterns().
  std::vector<int> log_any;
  std::vector<int> log_all;
};

struct CompiledRule {
  const Rule* rule = nullptr;
  CompiledConditions when;
  std::vector<CompiledConditions> unless;
  std::vector<std::pair<double, CompiledConditions>> boosts;
};

struct CompiledNote {
  const NoteRule* note = nullptr;
  CompiledConditions when;
};

class CompiledKnowledge {
 public:
  // Validates and compiles. Every problem (unknown cause, bad pattern, weight out of range ...)
  // goes to `errors` with its file:line; the result is an error if there was any.
  static Expected<std::shared_ptr<const CompiledKnowledge>> compile(KnowledgeSet set,
                                                                    std::vector<Error>& errors);

  const KnowledgeSet& set() const { return set_; }
  const std::vector<CompiledRule>& rules() const { return rules_; }
  const std::vector<CompiledNote>& notes() const { return notes_; }
  const std::vector<std::string>& log_patterns() const { return log_patterns_; }
  // Unanchored set of every log pattern; Match() gives indices into log_patterns().
  const RE2::Set& log_pattern_set() const { return *log_set_; }
  // The RE2 of one log pattern, to find where a line matched.
  const RE2& log_pattern(int index) const { return *log_regexes_[index]; }
  // The secret shapes, compiled: every text kexit shows goes through it.
  const SecretRedactor& redactor() const { return redactor_; }

 private:
  CompiledKnowledge() = default;

  KnowledgeSet set_;
  std::vector<CompiledRule> rules_;
  std::vector<CompiledNote> notes_;
  std::vector<std::string> log_patterns_;
  std::vector<std::unique_ptr<RE2>> log_regexes_;
  std::unique_ptr<RE2::Set> log_set_;
  SecretRedactor redactor_;
};

// RE2 options for knowledge patterns: errors reported by us, not printed by RE2.
// RE2 runs in time linear in the text, but its cost per byte grows with the compiled program,
// and each log pattern is run over every line of a log tail (up to --max-log-bytes). A pattern
// compiling past this many instructions is refused with its place; the largest shipped log
// pattern compiles to 218 (tests/knowledge/knowledge_loader_test.cc prints it).
inline constexpr int kMaxPatternProgramSize = 5000;

// RE2's memory budget for the set of all log patterns (its default is 8 MiB).
inline constexpr std::int64_t kLogPatternSetMemory = 64 << 20;

RE2::Options knowledge_pattern_options();

// Loads the built-in knowledge and then each extra directory (overriding by id). Errors name
// the file and line; `errors` receives all of them.
Expected<std::shared_ptr<const CompiledKnowledge>> load_compiled_knowledge(
    const std::vector<std::string>& extra_directories, std::vector<Error>& errors);

}  // namespace kexit::knowledge
