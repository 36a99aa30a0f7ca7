#include "cli/command_suggestion.h"

#include <algorithm>
#include <numeric>

#include "base/text.h"

namespace kexit::cli {
namespace {

// As cobra's suggestions: a typo of two edits at most, or a prefix of a command.
constexpr std::size_t kMaxSuggestionDistance = 2;

std::optional<std::string> nearest(const std::vector<std::string>& names, const std::string& word) {
  std::optional<std::string> best;
  std::size_t best_distance = kMaxSuggestionDistance + 1;
  for (const auto& name : names) {
    std::size_t distance = starts_with(name, word) ? 0 : edit_distance(to_lower(word), name);
    if (distance < best_distance) {
      best = name;
      best_distance = distance;
    }
  }
  return best;
}

// Whether the command takes its own positionals (then a plain word is one of them).
bool has_positionals(CLI::App& command) {
  return !command.get_options([](const CLI::Option* o) { return !o->nonpositional(); }).empty();
}

std::string command_path(CLI::App& command) {
  std::string path = command.get_name();
  for (CLI::App* parent = command.get_parent(); parent != nullptr; parent = parent->get_parent()) {
    path = parent->get_name() + " " + path;
  }
  return path;
}

}  // namespace

std::vector<std::string> visible_subcommand_names(CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::App* sub :
       command.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    names.push_back(sub->get_name());
  }
  return names;
}

CLI::App* find_subcommand(CLI::App& command, const std::string& name) {
  auto found = command.get_subcommands([&](const CLI::App* sub) { return sub->check_name(name); });
  return found.empty() ? nullptr : found.front();
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  // Optimal string alignment: Levenshtein plus the swap of two neighbours ("inpsect").
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) {
    d[i][0] = i;
  }
  std::iota(d[0].begin(), d[0].end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::optional<Error> unknown_subcommand(CLI::App& app, const std::vector<std::string>& args) {
  CLI::App* command = &app;
  for (const auto& word : args) {
    if (word.empty() || word[0] == '-' || has_positionals(*command)) {
      return std::nullopt;
    }
    auto names = visible_subcommand_names(*command);
    if (names.empty()) {
      return std::nullopt;
    }
    CLI::App* sub = find_subcommand(*command, word);
    if (sub == nullptr) {
      std::string message = "unknown command \"" + word + "\"";
      if (command != &app) {
        message += " for \"" + command_path(*command) + "\"";
      }
      if (auto suggestion = nearest(names, word)) {
        message += "; did you mean \"" + *suggestion + "\"?";
      } else {
        message += "; run " + command_path(*command) + " --help for the commands";
      }
      return Error{message};
    }
    command = sub;
  }
  return std::nullopt;
}

}  // namespace kexit::cli
