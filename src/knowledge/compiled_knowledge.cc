#include "knowledge/compiled_knowledge.h"

#include <map>

#include "knowledge/knowledge_loader.h"

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
      errors_.push_back(Error{"pattern '" + shown(*pattern) +
                                  "' does not compile: " + compiled->error() +
                                  "; patterns are RE2 syntax (no lookaround, no backreferences)",
                              where});
      return nullptr;
    }
    if (!check_size(*compiled, "pattern", where)) {
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
    if (inserted) {
      RE2 check(pattern, knowledge_pattern_options());
      if (!check.ok()) {
        errors_.push_back(Error{"log pattern '" + shown(pattern) +
                                    "' does not compile: " + check.error() +
                                    "; patterns are RE2 syntax (no lookaround, no backreferences)",
                                where});
      } else {
        check_size(check, "log pattern", where);
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
  knowledge->redactor_ = SecretRedactor::compile(knowledge->set_.secrets, errors);
  if (errors.size() > errors_before) {
    return errors[errors_before];
  }
  // Every log pattern in one automaton: RE2's default 8 MiB budget holds about 5,000 patterns,
  // so the set gets room for the 10,000 rules a large knowledge base may have.
  RE2::Options set_options = knowledge_pattern_options();
  set_options.set_max_mem(kLogPatternSetMemory);
  knowledge->log_set_ = std::make_unique<RE2::Set>(set_options, RE2::UNANCHORED);
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
