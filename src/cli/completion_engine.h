#pragma once
// Shell completion: the candidates for the word under the cursor, worked out from the CLI11
// app itself (subcommands, flags, positionals), so the completion scripts cannot drift from
// the commands; `kexit __complete WORDS...` prints them for the scripts.

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "cli/cluster_selection.h"

namespace kexit::cli {

// What the shell does besides offering the candidates (cobra's ShellCompDirective, whose
// numbers the scripts read from the last line).
enum class CompletionDirective {
  kDefault = 0,
  // No space after the candidate: "pod/" is a prefix to go on typing.
  kNoSpace = 2,
  // No candidates of ours: let the shell complete file names.
  kFiles = 8,
  // Directory names only.
  kDirectories = 16,
};

// The cluster the command line points at, as typed so far: the selection's -n, -A,
// --kubeconfig, --context, and who to ask as (--as, --as-group, --as-uid,
// --insecure-skip-tls-verify);
// its other fields keep their defaults.
using CompletionScope = ClusterSelection;

// Where the values that are not in the app come from; tests replace them.
struct CompletionSources {
  std::function<std::vector<std::string>()> causes;
  std::function<std::vector<std::string>()> runtimes;
  // Names of the objects of `kind` in the scope (a kind as parse_target gives it: "pod",
  // "deployment", "cronjob", ...); empty when the cluster cannot be asked.
  std::function<std::vector<std::string>(const std::string& kind, const CompletionScope&)> names;
};

struct Completions {
  std::vector<std::string> candidates;
  CompletionDirective directive = CompletionDirective::kDefault;
};

// `words` are the arguments after the program's name up to the cursor; the last one is the
// word being completed ("" after a space). Candidates start with that word.
Completions complete_words(CLI::App& app, const std::vector<std::string>& words,
                           const CompletionSources& sources);

// Candidates one a line, then ":N", N the directive's number.
std::string format_completions(const Completions& completions);

}  // namespace kexit::cli
