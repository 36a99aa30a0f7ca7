#include "cli/completion_engine.h"

#include <algorithm>
#include <sstream>

#include "base/text.h"
#include "cli/command_suggestion.h"
#include "cli/command_support.h"
#include "cli/completion_script.h"
#include "cli/target_parsing.h"

namespace kexit::cli {
namespace {

// What an option's value (or a positional) is, by its name in the app.
enum class ValueKind {
  kNone,
  kOutputFormats,
  kColorChoices,
  kRuntimes,
  kCauses,
  kFiles,
  kDirectories,
  kTargets,
  kShells
};

// An option by its first long name ("output"), a positional by its name ("target").
std::string option_key(const CLI::Option& option) {
  if (!option.nonpositional()) {
    return option.get_name();
  }
  return option.get_lnames().empty() ? option.get_name() : option.get_lnames().front();
}

ValueKind value_kind(const CLI::Option& option) {
  const std::string name = option_key(option);
  static const std::vector<std::pair<std::string, ValueKind>> kByName = {
      {"output", ValueKind::kOutputFormats}, {"color", ValueKind::kColorChoices},
      {"runtime", ValueKind::kRuntimes},     {"cause", ValueKind::kCauses},
      {"kubeconfig", ValueKind::kFiles},     {"file", ValueKind::kFiles},
      {"logs", ValueKind::kFiles},           {"expected", ValueKind::kFiles},
      {"write-expected", ValueKind::kFiles}, {"knowledge", ValueKind::kDirectories},
      {"save", ValueKind::kDirectories},     {"dir", ValueKind::kDirectories},
      {"targets", ValueKind::kTargets},      {"shell", ValueKind::kShells}};
  for (const auto& [known, kind] : kByName) {
    if (name == known) {
      return kind;
    }
  }
  return ValueKind::kNone;
}

bool takes_value(const CLI::Option& option) { return option.get_expected_max() > 0; }

// Where the words before the cursor leave the command line.
struct CommandLine {
  CLI::App* command = nullptr;
  // The option whose value is the word under the cursor, if any.
  CLI::Option* awaiting_value = nullptr;
  std::size_t positionals = 0;
  CompletionScope scope;
};

void note_scope(const CLI::Option& option, const std::string& value, CompletionScope& scope) {
  const auto& names = option.get_lnames();
  auto named = [&](const char* name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  if (named("namespace")) {
    scope.namespace_name = value;
  } else if (named("kubeconfig")) {
    scope.kubeconfig = value;
  } else if (named("context")) {
    scope.context = value;
  } else if (named("all-namespaces")) {
    scope.all_namespaces = true;
  } else if (named("as")) {
    scope.as = value;
  } else if (named("as-group")) {
    scope.as_groups.push_back(value);
  } else if (named("as-uid")) {
    scope.as_uid = value;
  } else if (named("insecure-skip-tls-verify")) {
    scope.insecure_skip_tls_verify = true;
  }
}

// "--output=json" -> ("--output", "json"); "-ojson" -> ("-o", "json"); anything else whole.
std::pair<std::string, std::optional<std::string>> split_option_word(const std::string& word) {
  if (starts_with(word, "--")) {
    auto equals = word.find('=');
    if (equals != std::string::npos) {
      return {word.substr(0, equals), word.substr(equals + 1)};
    }
    return {word, std::nullopt};
  }
  if (word.size() > 2) {
    return {word.substr(0, 2), word.substr(2)};
  }
  return {word, std::nullopt};
}

void read_word(CommandLine& line, const std::string& word) {
  if (line.awaiting_value != nullptr) {
    note_scope(*line.awaiting_value, word, line.scope);
    line.awaiting_value = nullptr;
    return;
  }
  if (word.size() > 1 && word[0] == '-') {
    auto [name, value] = split_option_word(word);
    CLI::Option* option = line.command->get_option_no_throw(name);
    if (option == nullptr) {
      return;
    }
    if (!takes_value(*option)) {
      note_scope(*option, "", line.scope);
    } else if (value) {
      note_scope(*option, *value, line.scope);
    } else {
      line.awaiting_value = option;
    }
    return;
  }
  CLI::App* sub = find_subcommand(*line.command, word);
  if (sub != nullptr) {
    line.command = sub;
    line.positionals = 0;
    return;
  }
  ++line.positionals;
}

std::vector<CLI::Option*> positionals_of(CLI::App& command) {
  return command.get_options([](const CLI::Option* option) { return !option->nonpositional(); });
}

// The positional the next plain word fills, or nullptr.
CLI::Option* next_positional(CLI::App& command, std::size_t filled) {
  auto positionals = positionals_of(command);
  if (positionals.empty()) {
    return nullptr;
  }
  if (filled < positionals.size()) {
    return positionals[filled];
  }
  CLI::Option* last = positionals.back();
  return last->get_expected_max() > 1 ? last : nullptr;
}

std::vector<std::string> option_names(CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option :
       command.get_options([](const CLI::Option* o) { return o->nonpositional(); })) {
    for (const auto& name : option->get_lnames()) {
      names.push_back("--" + name);
    }
    for (const auto& name : option->get_snames()) {
      names.push_back("-" + name);
    }
  }
  return names;
}

// "pod/" and the other kinds; once a kind is typed in any of kubectl's forms ("pod/",
// "deploy/", "cronjob.batch/"), the names of its objects in the scope, as kubectl completes them.
Completions target_values(const std::string& word, const CompletionScope& scope,
                          const CompletionSources& sources) {
  Completions completions;
  auto slash = word.find('/');
  if (slash == std::string::npos) {
    for (const auto& kind : target_kinds()) {
      completions.candidates.push_back(kind + "/");
    }
    completions.directive = CompletionDirective::kNoSpace;
    return completions;
  }
  const std::string typed_kind = word.substr(0, slash + 1);
  auto target = parse_target(typed_kind + "name");
  if (target && sources.names) {
    for (const auto& name : sources.names(target->kind, scope)) {
      completions.candidates.push_back(typed_kind + name);
    }
  }
  return completions;
}

Completions values_for(const CLI::App& command, const CLI::Option& option, const std::string& word,
                       const CompletionScope& scope, const CompletionSources& sources) {
  Completions completions;
  auto& candidates = completions.candidates;
  switch (value_kind(option)) {
    case ValueKind::kOutputFormats:
      candidates = output_formats_of(command.get_name());
      break;
    case ValueKind::kColorChoices:
      candidates = color_choice_names();
      break;
    case ValueKind::kRuntimes:
      candidates = sources.runtimes ? sources.runtimes() : std::vector<std::string>{};
      break;
    case ValueKind::kCauses:
      candidates = sources.causes ? sources.causes() : std::vector<std::string>{};
      break;
    case ValueKind::kFiles:
      completions.directive = CompletionDirective::kFiles;
      break;
    case ValueKind::kDirectories:
      completions.directive = CompletionDirective::kDirectories;
      break;
    case ValueKind::kTargets:
      return target_values(word, scope, sources);
    case ValueKind::kShells:
      candidates = completion_shells();
      break;
    case ValueKind::kNone:
      break;
  }
  return completions;
}

void keep_prefixed(std::vector<std::string>& candidates, const std::string& prefix) {
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                  [&](const std::string& c) { return !starts_with(c, prefix); }),
                   candidates.end());
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
}

// The word under the cursor is "--name=partial": values of --name, written whole.
std::optional<Completions> attached_value(CommandLine& line, const std::string& word,
                                          const CompletionSources& sources) {
  if (!starts_with(word, "--") || word.find('=') == std::string::npos) {
    return std::nullopt;
  }
  auto [name, value] = split_option_word(word);
  CLI::Option* option = line.command->get_option_no_throw(name);
  if (option == nullptr || !takes_value(*option)) {
    return Completions{};
  }
  Completions completions = values_for(*line.command, *option, *value, line.scope, sources);
  keep_prefixed(completions.candidates, *value);
  for (auto& candidate : completions.candidates) {
    candidate = name + "=" + candidate;
  }
  return completions;
}

}  // namespace

Completions complete_words(CLI::App& app, const std::vector<std::string>& words,
                           const CompletionSources& sources) {
  CommandLine line;
  line.command = &app;
  const std::string word = words.empty() ? "" : words.back();
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    read_word(line, words[i]);
  }
  Completions completions;
  if (line.awaiting_value != nullptr) {
    completions = values_for(*line.command, *line.awaiting_value, word, line.scope, sources);
  } else if (auto attached = attached_value(line, word, sources)) {
    return *attached;
  } else if (starts_with(word, "-")) {
    completions.candidates = option_names(*line.command);
  } else {
    if (CLI::Option* positional = next_positional(*line.command, line.positionals)) {
      completions = values_for(*line.command, *positional, word, line.scope, sources);
    }
    for (auto& name : visible_subcommand_names(*line.command)) {
      completions.candidates.push_back(name);
    }
  }
  keep_prefixed(completions.candidates, word);
  return completions;
}

std::string format_completions(const Completions& completions) {
  std::ostringstream out;
  for (const auto& candidate : completions.candidates) {
    out << candidate << "\n";
  }
  out << ":" << static_cast<int>(completions.directive) << "\n";
  return out.str();
}

}  // namespace kexit::cli
