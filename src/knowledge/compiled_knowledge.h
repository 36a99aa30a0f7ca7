#pragma once
// CompiledKnowledge: a validated KnowledgeSet with every pattern compiled to RE2, and all log
// patterns in one RE2::Set so a log is scanned once whatever the number of rules.

#include <re2/re2.h>
#include <re2/set.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/expected.h"
#include "knowledge/knowledge_model.h"
#include "knowledge/pattern_compilation.h"
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

struct CompiledMemoryFlag {
  const MemoryFlag* flag = nullptr;
  std::unique_ptr<RE2> pattern;
};

class CompiledKnowledge {
 public:
  // Validates and compiles. Every problem (unknown cause, bad pattern, weight out of range ...)
  // goes to `errors` with its file:line; the result is an error if there was any. With
  // kOnFirstUse, patterns are not checked here: only for a set checked by the build.
  static Expected<std::shared_ptr<const CompiledKnowledge>> compile(
      KnowledgeSet set, std::vector<Error>& errors,
      PatternCompilation when = PatternCompilation::kNow);

  const KnowledgeSet& set() const { return set_; }
  const std::vector<CompiledRule>& rules() const { return patterns().rules; }
  const std::vector<CompiledNote>& notes() const { return patterns().notes; }
  const std::vector<CompiledMemoryFlag>& memory_flags() const { return patterns().memory_flags; }
  const std::vector<std::string>& log_patterns() const { return patterns().log_patterns; }
  // Unanchored set of every log pattern; Match() gives indices into log_patterns().
  const RE2::Set& log_pattern_set() const { return *patterns().log_set; }
  // False only when no line of `block` (whole lines joined by '\n') matches any log pattern;
  // true when one may, to be confirmed line by line with log_pattern_set(). Built on first use:
  // only a scan of a log pays for it.
  bool log_block_may_match(std::string_view block) const;
  // The secret shapes, compiled: every text kexit shows goes through it.
  const SecretRedactor& redactor() const { return patterns().redactor; }

 private:
  struct Patterns {
    std::vector<CompiledRule> rules;
    std::vector<CompiledNote> notes;
    std::vector<CompiledMemoryFlag> memory_flags;
    std::vector<std::string> log_patterns;
    std::unique_ptr<RE2::Set> log_set;
    SecretRedactor redactor;
  };

  CompiledKnowledge() = default;
  const Patterns& patterns() const;
  // Fills patterns_ from set_; problems go to `errors`.
  void compile_patterns(std::vector<Error>& errors, PatternCompilation when) const;

  KnowledgeSet set_;
  mutable std::once_flag patterns_once_;
  mutable Patterns patterns_;
  // Every log pattern with ^ and $ at line ends; null when a pattern defeats that (see .cc).
  mutable std::once_flag log_block_set_once_;
  mutable std::unique_ptr<RE2::Set> log_block_set_;
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

}  // namespace kexit::knowledge
