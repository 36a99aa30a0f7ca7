#include "knowledge/compiled_knowledge.h"

#include <algorithm>
#include <map>

#include "knowledge/knowledge_loader.h"
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
           std::vector<std::string>& log_patterns)
      : set_(set), errors_(errors), log_patterns_(log_patterns) {}

  CompiledConditions compile(const ConditionSet& conditions) {
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
      compiled.events.push_back(CompiledEventCondition{&event, regex(event.message, event.where),
                                                       regex(event.source, event.where)});
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
  std::unique_ptr<RE2> regex(const std::optional<std::string>& pattern, const std::string& where) {
    if (!pattern) {
      return nullptr;
    }
    auto compiled = std::make_unique<RE2>(*pattern, knowledge_pattern_options());
    if (!compiled->ok()) {
      errors_.push_back(Error{"pattern '" + *pattern + "' does not compile: " + compiled->error() +
                                  "; patterns are RE2 syntax (no lookaround, no backreferences)",
                              where});
      return nullptr;
    }
    return compiled;
  }

  int log_index(const std::string& pattern, const std::string& where) {
    auto [it, inserted] = indices_.emplace(pattern, static_cast<int>(log_patterns_.size()));
    if (inserted) {
      RE2 check(pattern, knowledge_pattern_options());
      if (!check.ok()) {
        errors_.push_back(Error{"log pattern '" + pattern + "' does not compile: " + check.error() +
                                    "; patterns are RE2 syntax (no lookaround, no backreferences)",
                                where});
      }
      log_patterns_.push_back(pattern);
    }
    return it->second;
  }

  const KnowledgeSet& set_;
  std::vector<Error>& errors_;
  std::vector<std::string>& log_patterns_;
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
    const auto& origins = meaning_origins();
    if (std::find(origins.begin(), origins.end(), meaning.origin) == origins.end()) {
      errors.push_back(Error{"unknown origin \"" + meaning.origin +
                                 "\"; use exit-code, signal, errno, http-status, api-error or "
                                 "library-result",
                             meaning.where});
    }
    if (!meaning.cause.empty() && set.find_cause(meaning.cause) == nullptr) {
      errors.push_back(Error{"unknown cause \"" + meaning.cause + "\"; use a slug from causes.yaml",
                             meaning.where});
    }
    if (meaning.image) {
      RE2 image(*meaning.image, knowledge_pattern_options());
      if (!image.ok()) {
        errors.push_back(Error{"image pattern does not compile: " + image.error(), meaning.where});
      }
    }
  }
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
    KnowledgeSet set, std::vector<Error>& errors) {
  const std::size_t errors_before = errors.size();
  std::shared_ptr<CompiledKnowledge> knowledge(new CompiledKnowledge());
  knowledge->set_ = std::move(set);
  validate(knowledge->set_, errors);
  Compiler compiler(knowledge->set_, errors, knowledge->log_patterns_);
  for (const auto& rule : knowledge->set_.rules) {
    CompiledRule compiled;
    compiled.rule = &rule;
    compiled.when = compiler.compile(rule.when);
    for (const auto& unless : rule.unless) {
      compiled.unless.push_back(compiler.compile(unless));
    }
    for (const auto& boost : rule.boosts) {
      compiled.boosts.emplace_back(boost.weight, compiler.compile(boost.conditions));
    }
    knowledge->rules_.push_back(std::move(compiled));
  }
  for (const auto& note : knowledge->set_.notes) {
    knowledge->notes_.push_back(CompiledNote{&note, compiler.compile(note.when)});
  }
  for (const auto& flag : knowledge->set_.memory_flags) {
    knowledge->memory_flags_.push_back(
        CompiledMemoryFlag{&flag, compile_memory_flag(flag, knowledge->set_, errors)});
  }
  knowledge->redactor_ = SecretRedactor::compile(knowledge->set_.secrets, errors);
  if (errors.size() > errors_before) {
    return errors[errors_before];
  }
  knowledge->log_set_ = std::make_unique<RE2::Set>(knowledge_pattern_options(), RE2::UNANCHORED);
  for (const auto& pattern : knowledge->log_patterns_) {
    std::string error;
    knowledge->log_set_->Add(pattern, &error);
    knowledge->log_regexes_.push_back(std::make_unique<RE2>(pattern, knowledge_pattern_options()));
  }
  if (!knowledge->log_set_->Compile()) {
    Error error{"the log patterns together exceed RE2's memory budget; split or simplify them",
                "knowledge"};
    errors.push_back(error);
    return error;
  }
  return std::shared_ptr<const CompiledKnowledge>(std::move(knowledge));
}

Expected<std::shared_ptr<const CompiledKnowledge>> load_compiled_knowledge(
    const std::vector<std::string>& extra_directories, std::vector<Error>& errors) {
  LoadResult builtin = load_knowledge_files(embedded_files());
  errors.insert(errors.end(), builtin.errors.begin(), builtin.errors.end());
  for (const auto& directory : extra_directories) {
    auto files = files_in_directory(directory);
    if (!files) {
      errors.push_back(files.error());
      continue;
    }
    LoadResult extra = load_knowledge_files(*files);
    errors.insert(errors.end(), extra.errors.begin(), extra.errors.end());
    merge_overriding(builtin.set, std::move(extra.set));
  }
  if (!errors.empty()) {
    return errors.front();
  }
  return CompiledKnowledge::compile(std::move(builtin.set), errors);
}

}  // namespace kexit::knowledge
