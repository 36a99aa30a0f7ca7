#include "knowledge/compiled_knowledge.h"

#include <algorithm>
#include <cassert>
#include <map>

#include "kube/exit_code_meanings.h"
#include "kube/pod_facts.h"

namespace kexit::knowledge {

RE2::Options knowledge_pattern_options() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

namespace {

class Compiler {
 public:
  Compiler(const KnowledgeSet& set, std::vector<Error>& errors,
           std::vector<std::string>& log_patterns, PatternCompilation when)
      : set_(set), errors_(errors), log_patterns_(log_patterns), when_(when) {}

  // `owner` names the block in the messages of its Event patterns: "rule ID, when".
  CompiledConditions compile(const ConditionSet& conditions, const std::string& owner) {
    CompiledConditions compiled;
    compiled.source = &conditions;
    for (const auto& name : conditions.signals) {
      const SignalDefinition* found = nullptr;
      for (const auto& signal : set_.signals) {
        if (signal.name == name) {
          found = &signal;
        }
      }
      if (found == nullptr) {
        errors_.push_back(Error{"unknown signal \"" + name + "\"; use a name from signals.yaml",
                                conditions.where});
      } else {
        compiled.signal_numbers.push_back(found->number);
      }
    }
    compiled.container_name = regex(conditions.container_name, conditions.where);
    compiled.image = regex(conditions.image, conditions.where);
    compiled.command = regex(conditions.command, conditions.where);
    compiled.message = regex(conditions.message, conditions.where);
    for (const auto& [name, pattern] : conditions.labels) {
      compiled.labels.emplace_back(name, regex(pattern, conditions.where));
    }
    for (const auto& [name, pattern] : conditions.env) {
      compiled.env.emplace_back(name, regex(pattern, conditions.where));
    }
    compiled.pod_condition = regex(conditions.pod_condition, conditions.where);
    for (const auto& event : conditions.events) {
      compiled.events.push_back(CompiledEventCondition{
          &event, regex(event.message, event.where, owner + ".event: message "),
          regex(event.source, event.where, owner + ".event: source ")});
    }
    for (const auto& pattern : conditions.log_any) {
      compiled.log_any.push_back(log_index(pattern, conditions.where));
    }
    for (const auto& pattern : conditions.log_all) {
      compiled.log_all.push_back(log_index(pattern, conditions.where));
    }
    return compiled;
  }

 private:
  // `label` starts the messages ("rule ID, when.event: message ").
  std::unique_ptr<RE2> regex(const std::optional<std::string>& pattern, const std::string& where,
                             const std::string& label = "") {
    if (!pattern) {
      return nullptr;
    }
    auto compiled = std::make_unique<RE2>(*pattern, knowledge_pattern_options());
    if (!compiled->ok()) {
      errors_.push_back(Error{label + "pattern '" + shown(*pattern) +
                                  "' does not compile: " + compiled->error() +
                                  "; patterns are RE2 syntax (no lookaround, no backreferences)",
                              where});
      return nullptr;
    }
    if (!check_size(*compiled, label + "pattern", where)) {
      return nullptr;
    }
    return compiled;
  }

  // A pattern as quoted in an error: a huge one is cut, so the error stays one readable line.
  static std::string shown(const std::string& pattern) {
    return pattern.size() > 80 ? pattern.substr(0, 77) + "..." : pattern;
  }

  bool check_size(const RE2& compiled, const std::string& what, const std::string& where) {
    if (compiled.ProgramSize() <= kMaxPatternProgramSize) {
      return true;
    }
    errors_.push_back(Error{
        what + " '" + shown(compiled.pattern()) + "' compiles to " +
            std::to_string(compiled.ProgramSize()) + " RE2 instructions, over kexit's limit of " +
            std::to_string(kMaxPatternProgramSize) +
            " (every log line pays for its size); split it into several patterns or narrow "
            "its repeats",
        where});
    return false;
  }

  int log_index(const std::string& pattern, const std::string& where) {
    auto [it, inserted] = indices_.emplace(pattern, static_cast<int>(log_patterns_.size()));
    // Checked one by one for a message naming the rule; the build did it for the built-in set.
    if (inserted && when_ == PatternCompilation::kNow) {
      RE2 check(pattern, knowledge_pattern_options());
      if (!check.ok()) {
        errors_.push_back(Error{"log pattern '" + shown(pattern) +
                                    "' does not compile: " + check.error() +
                                    "; patterns are RE2 syntax (no lookaround, no backreferences)",
                                where});
      } else {
        check_size(check, "log pattern", where);
      }
    }
    if (inserted) {
      log_patterns_.push_back(pattern);
    }
    return it->second;
  }

  const KnowledgeSet& set_;
  std::vector<Error>& errors_;
  std::vector<std::string>& log_patterns_;
  PatternCompilation when_;
  std::map<std::string, int> indices_;
};

bool valid_id(const std::string& id) {
  if (id.empty()) {
    return false;
  }
  for (char c : id) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (!allowed) {
      return false;
    }
  }
  return true;
}

void validate_meaning(const Meaning& meaning, const KnowledgeSet& set, std::vector<Error>& errors) {
  const auto& origins = meaning_origins();
  if (std::find(origins.begin(), origins.end(), meaning.origin) == origins.end()) {
    errors.push_back(Error{"unknown origin \"" + meaning.origin +
                               "\"; use exit-code, signal, errno, http-status, api-error, "
                               "library-result or program",
                           meaning.where});
  }
  if (!meaning.cause.empty() && set.find_cause(meaning.cause) == nullptr) {
    errors.push_back(Error{"unknown cause \"" + meaning.cause + "\"; use a slug from causes.yaml",
                           meaning.where});
  }
  if (meaning.origin == "program" && !meaning.image) {
    errors.push_back(
        Error{"a program meaning needs an image pattern (image:), the images whose "
              "program defines this exit code",
              meaning.where});
  }
  if (meaning.origin == "program" && (meaning.summary.size() > kube::kMaxExitCodeMeaningBytes ||
                                      meaning.summary.find('\n') != std::string::npos)) {
    errors.push_back(
        Error{"a program meaning's summary is shown as a diagnosis title: write it "
              "on one line of at most " +
                  std::to_string(kube::kMaxExitCodeMeaningBytes) + " bytes",
              meaning.where});
  }
  if (meaning.image) {
    RE2 image(*meaning.image, knowledge_pattern_options());
    if (!image.ok()) {
      errors.push_back(Error{"image pattern does not compile: " + image.error(), meaning.where});
    }
  }
}

// A base rate's causes are public slugs, and its id names it where a rule id would stand.
void validate_base_rate(const BaseRate& rate, const KnowledgeSet& set, std::vector<Error>& errors) {
  if (!valid_id(rate.id)) {
    errors.push_back(Error{"base rate id \"" + rate.id + "\" must be <domain>.<name> of [a-z0-9.-]",
                           rate.where});
  }
  for (const auto& rule : set.rules) {
    if (rule.id == rate.id) {
      errors.push_back(Error{
          "base rate id \"" + rate.id + "\" is also a rule's, at " + rule.where + "; rename one",
          rate.where});
    }
  }
  if (!rate.runtime.empty() &&
      std::none_of(set.runtimes.begin(), set.runtimes.end(),
                   [&](const RuntimeSignature& r) { return r.name == rate.runtime; })) {
    errors.push_back(
        Error{"unknown runtime \"" + rate.runtime +
                  "\"; use the name of an entry of runtimes: (see knowledge/README.md)",
              rate.where});
  }
  for (const auto& cause : rate.causes) {
    if (!cause.cause.empty() && set.find_cause(cause.cause) == nullptr) {
      errors.push_back(Error{"unknown cause \"" + cause.cause +
                                 "\"; use a slug from causes.yaml (see knowledge/README.md)",
                             cause.where});
    }
  }
}

// A runtime's name keys base rates, and its patterns decide which containers it names.
void validate_runtimes(const KnowledgeSet& set, std::vector<Error>& errors) {
  std::map<std::string, std::string> seen;
  for (const auto& runtime : set.runtimes) {
    if (auto [first, inserted] = seen.emplace(runtime.name, runtime.where); !inserted) {
      errors.push_back(Error{"duplicate runtime \"" + runtime.name + "\", first defined at " +
                                 first->second + "; merge them",
                             runtime.where});
    }
    for (const std::string* pattern : {&runtime.image, &runtime.command}) {
      RE2 compiled(*pattern, knowledge_pattern_options());
      if (!pattern->empty() && !compiled.ok()) {
        errors.push_back(
            Error{"runtime pattern does not compile: " + compiled.error(), runtime.where});
      }
    }
    if (runtime.references.empty()) {
      errors.push_back(Error{
          "runtime \"" + runtime.name + "\" has no references; cite the image's or runtime's docs",
          runtime.where});
    }
  }
}

// A citation names a rule kexit has, and a few public reports a user can open.
void validate_seen_in(const KnowledgeSet& set, std::vector<Error>& errors) {
  std::map<std::string, std::string> seen;
  for (const auto& entry : set.seen_in) {
    if (auto [first, inserted] = seen.emplace(entry.rule, entry.where); !inserted) {
      errors.push_back(Error{
          "rule \"" + entry.rule + "\" is cited twice, first at " + first->second + "; merge them",
          entry.where});
    }
    if (std::none_of(set.rules.begin(), set.rules.end(),
                     [&](const Rule& rule) { return rule.id == entry.rule; })) {
      errors.push_back(Error{
          "seen_in names no rule \"" + entry.rule + "\"; regenerate with tests/corpus/seen_in.py",
          entry.where});
    }
    if (entry.reports.size() > kMaxSeenReports) {
      errors.push_back(
          Error{"seen_in cites at most " + std::to_string(kMaxSeenReports) + " reports for a rule",
                entry.where});
    }
    for (const auto& report : entry.reports) {
      if (report.url.rfind("https://", 0) != 0) {
        errors.push_back(Error{"a seen_in url must be public, https://, got \"" + report.url + "\"",
                               entry.where});
      }
    }
  }
}

void validate(const KnowledgeSet& set, std::vector<Error>& errors) {
  for (const auto& rule : set.rules) {
    if (!valid_id(rule.id)) {
      errors.push_back(
          Error{"rule id \"" + rule.id + "\" must be <domain>.<name> of [a-z0-9.-]", rule.where});
    }
    if (!rule.cause.empty() && set.find_cause(rule.cause) == nullptr) {
      errors.push_back(Error{"unknown cause \"" + rule.cause +
                                 "\"; use a slug from causes.yaml (see knowledge/README.md)",
                             rule.where});
    }
    if (rule.weight <= 0 || rule.weight > 1) {
      errors.push_back(Error{"weight must be above 0 and at most 1", rule.where});
    }
    if (!rule.fix.empty() &&
        std::find(std::begin(kFixKinds), std::end(kFixKinds), rule.fix) == std::end(kFixKinds)) {
      errors.push_back(
          Error{"unknown fix \"" + rule.fix + "\"; use one of the fix kinds in knowledge/README.md",
                rule.where});
    }
    for (const auto& boost : rule.boosts) {
      if (boost.weight <= 0 || boost.weight > 1) {
        errors.push_back(
            Error{"boost weight must be above 0 and at most 1", boost.conditions.where});
      }
    }
    if (rule.context_lines < 0 || rule.context_lines > 5) {
      errors.push_back(Error{"context_lines must be 0 to 5", rule.where});
    }
    if (rule.references.empty()) {
      errors.push_back(Error{
          "rule \"" + rule.id + "\" has no references; cite the runtime source or official docs",
          rule.where});
    }
  }
  for (const auto& meaning : set.meanings) {
    validate_meaning(meaning, set, errors);
  }
  for (const auto& rate : set.base_rates) {
    validate_base_rate(rate, set, errors);
  }
  validate_runtimes(set, errors);
  validate_seen_in(set, errors);
  for (const auto& cause : set.causes) {
    if (cause.event_type != "Warning" && cause.event_type != "Normal") {
      errors.push_back(Error{"event_type must be Warning or Normal", cause.where});
    }
    if (cause.event_reason.size() > 128) {
      errors.push_back(Error{"event_reason is over the API's 128 bytes", cause.where});
    }
  }
  for (const auto& golden : set.cases) {
    for (const auto* slug : {&golden.expect_cause, &golden.expect_not_cause}) {
      if (!slug->empty() && set.find_cause(*slug) == nullptr) {
        errors.push_back(
            Error{"unknown cause \"" + *slug + "\" in expect; use a slug from causes.yaml",
                  golden.where});
      }
    }
  }
}

// A memory flag's pattern must name what the engine reads, and its sources must be values the
// pod parser keeps.
std::unique_ptr<RE2> compile_memory_flag(const MemoryFlag& flag, const KnowledgeSet& set,
                                         std::vector<Error>& errors) {
  auto fail = [&](const std::string& message) { errors.push_back(Error{message, flag.where}); };
  if (flag.measure != "size" && flag.measure != "percent") {
    fail("unknown measure \"" + flag.measure + "\"; use size or percent");
  }
  if (flag.measure == "size" && flag.units.empty()) {
    fail("a size needs units: the multiplier to bytes of each unit the pattern's `unit` captures");
  }
  if (flag.sources.empty()) {
    fail("no sources; list command and the environment variables the runtime reads it from");
  }
  for (const auto& source : flag.sources) {
    if (source != "command" && !kube::is_env_value_allowed(source)) {
      fail("the pod parser does not keep the value of " + source +
           "; add it to the allow-list in src/kube/pod_facts.cc if it carries no credentials");
    }
  }
  for (const auto& id : flag.ignored_with) {
    auto found = std::find_if(set.memory_flags.begin(), set.memory_flags.end(),
                              [&](const MemoryFlag& other) { return other.id == id; });
    if (found == set.memory_flags.end()) {
      fail("ignored_with names an unknown memory flag \"" + id + "\"");
    }
  }
  if (flag.references.empty()) {
    fail("memory flag \"" + flag.id + "\" has no references; cite the runtime's documentation");
  }
  auto pattern = std::make_unique<RE2>(flag.pattern, knowledge_pattern_options());
  if (!pattern->ok()) {
    fail("pattern does not compile: " + pattern->error());
    return nullptr;
  }
  const auto& groups = pattern->NamedCapturingGroups();
  if (groups.count("value") == 0 || (flag.measure == "size" && groups.count("unit") == 0)) {
    fail("pattern needs the named group `value` (and `unit` for a size)");
    return nullptr;
  }
  return pattern;
}

}  // namespace

Expected<std::shared_ptr<const CompiledKnowledge>> CompiledKnowledge::compile(
    KnowledgeSet set, std::vector<Error>& errors, PatternCompilation when) {
  const std::size_t errors_before = errors.size();
  std::shared_ptr<CompiledKnowledge> knowledge(new CompiledKnowledge());
  knowledge->set_ = std::move(set);
  // The build validated the built-in set as `kb lint` does; checking it again cost every
  // command about 8 % of its start-up (an RE2 compile per meaning's image pattern).
  if (when == PatternCompilation::kNow) {
    validate(knowledge->set_, errors);
    std::call_once(knowledge->patterns_once_, [&knowledge, &errors] {
      knowledge->compile_patterns(errors, PatternCompilation::kNow);
    });
  }
  if (errors.size() > errors_before) {
    return errors[errors_before];
  }
  return std::shared_ptr<const CompiledKnowledge>(std::move(knowledge));
}

const CompiledKnowledge::Patterns& CompiledKnowledge::patterns() const {
  std::call_once(patterns_once_, [this] {
    std::vector<Error> errors;
    compile_patterns(errors, PatternCompilation::kOnFirstUse);
    // Only a set the build checked is compiled on first use.
    assert(errors.empty());
  });
  return patterns_;
}

void CompiledKnowledge::compile_patterns(std::vector<Error>& errors,
                                         PatternCompilation when) const {
  const std::size_t errors_before = errors.size();
  Compiler compiler(set_, errors, patterns_.log_patterns, when);
  for (const auto& rule : set_.rules) {
    CompiledRule compiled;
    compiled.rule = &rule;
    const std::string owner = "rule " + rule.id;
    compiled.when = compiler.compile(rule.when, owner + ", when");
    for (const auto& unless : rule.unless) {
      compiled.unless.push_back(compiler.compile(unless, owner + ", unless"));
    }
    for (const auto& boost : rule.boosts) {
      compiled.boosts.emplace_back(boost.weight,
                                   compiler.compile(boost.conditions, owner + ", boost"));
    }
    patterns_.rules.push_back(std::move(compiled));
  }
  for (const auto& note : set_.notes) {
    patterns_.notes.push_back(
        CompiledNote{&note, compiler.compile(note.when, "note " + note.id + ", when")});
  }
  for (const auto& flag : set_.memory_flags) {
    patterns_.memory_flags.push_back(
        CompiledMemoryFlag{&flag, compile_memory_flag(flag, set_, errors)});
  }
  patterns_.redactor = SecretRedactor::compile(set_.secrets, errors, when);
  // Every log pattern in one automaton: RE2's default 8 MiB budget holds about 5,000 patterns,
  // so the set gets room for the 10,000 rules a large knowledge base may have.
  RE2::Options set_options = knowledge_pattern_options();
  set_options.set_max_mem(kLogPatternSetMemory);
  patterns_.log_set = std::make_unique<RE2::Set>(set_options, RE2::UNANCHORED);
  if (errors.size() > errors_before) {
    return;
  }
  for (const auto& pattern : patterns_.log_patterns) {
    std::string error;
    patterns_.log_set->Add(pattern, &error);
  }
  if (!patterns_.log_set->Compile()) {
    errors.push_back(
        Error{"the log patterns together exceed RE2's memory budget; split or simplify them",
              "knowledge"});
  }
}

namespace {

// A pattern that could match within a line but not within a block of lines holding it: one
// anchored at the very start or end of the text (\A, \z) or turning multi-line mode off.
bool line_only(const std::string& pattern) {
  static const RE2 kLineOnly(R"(\\[Az]|\(\?[a-zA-Z]*-[a-zA-Z]*m)", knowledge_pattern_options());
  return RE2::PartialMatch(pattern, kLineOnly);
}

// Each pattern in multi-line mode, so a line's match is also a match in any block holding the
// line ("^" and "$" hold at its ends). Matches across lines only add candidates, which the
// line-by-line pass then drops.
std::unique_ptr<RE2::Set> compile_block_set(const std::vector<std::string>& patterns) {
  RE2::Options options = knowledge_pattern_options();
  // Room for the DFA states of a long unanchored pass over many patterns.
  options.set_max_mem(64 << 20);
  auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  for (const auto& pattern : patterns) {
    if (line_only(pattern) || set->Add("(?m:" + pattern + ")", nullptr) < 0) {
      return nullptr;
    }
  }
  if (!set->Compile()) {
    return nullptr;
  }
  return set;
}

}  // namespace

bool CompiledKnowledge::log_block_may_match(std::string_view block) const {
  std::call_once(log_block_set_once_,
                 [this] { log_block_set_ = compile_block_set(log_patterns()); });
  // Lines are matched without a trailing '\r', which "$" in multi-line mode does not skip.
  if (log_block_set_ == nullptr || block.find('\r') != std::string_view::npos) {
    return true;
  }
  RE2::Set::ErrorInfo error;
  if (log_block_set_->Match(block, nullptr, &error)) {
    return true;
  }
  // Out of DFA memory: the line-by-line pass decides.
  return error.kind != RE2::Set::kNoError;
}

}  // namespace kexit::knowledge
