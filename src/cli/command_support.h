#pragma once
// What the subcommands share: printing errors, output format and colour choice, and loading
// the knowledge base named by --knowledge.

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "cli/exit_status.h"
#include "knowledge/compiled_knowledge.h"
#include "kube/clock.h"
#include "report/text_report.h"

namespace kexit::cli {

enum class OutputFormat { kText, kJson, kYaml };

// The -o values of a command ("inspect", "explain", "watch", "eval"), in the order its help
// and errors list them: the one list its parser, its usage error and completion read.
const std::vector<std::string>& output_formats_of(const std::string& command_name);

// "text, wide, json or yaml": the words as a sentence lists alternatives.
std::string alternatives(const std::vector<std::string>& words);

// `unknown output format "VALUE"; use …` at -o, listing the command's formats.
Error unknown_output_format(const std::string& value, const std::string& command_name);

// Parses -o; false for anything but text, json or yaml.
bool parse_output_format(const std::string& text, OutputFormat& format);

// "kexit: WHERE: MESSAGE" on stderr.
void print_error(const Error& error);

// --color=auto|always|never and --no-color (the same as --color=never), as kubectl-style
// tools spell them.
struct ColorFlags {
  std::string when = "auto";
  bool no_color = false;
};

// "auto", "always", "never".
const std::vector<std::string>& color_choice_names();

// Adds --color and --no-color to the command.
void add_color_flags(CLI::App& command, ColorFlags& flags);

// Whether to colour: always and never say so; auto colours a terminal unless NO_COLOR is set
// and not empty (no-color.org) or TERM is "dumb". `no_color_env` and `term_env` are the
// variables' values, nullptr when unset.
// KEXIT_NOW (RFC 3339) when set: "now" fixed (ages, --since, watch's detection times), so
// output can be reproduced (tests, documentation); else the real clock's. `fixed` says which.
Expected<kube::TimePoint> now_from_environment(bool& fixed);

bool use_color(const ColorFlags& flags, bool stdout_is_terminal, const char* no_color_env,
               const char* term_env);

// The text style for stdout under these flags and the process's environment.
report::TextStyle text_style(const ColorFlags& flags);

// Adds --knowledge DIR (repeatable): extra knowledge *.yaml over the built-in one.
void add_knowledge_option(CLI::App& command, std::vector<std::string>& directories);

// The built-in knowledge plus --knowledge directories; prints every error on failure.
std::shared_ptr<const knowledge::CompiledKnowledge> load_knowledge_or_report(
    const std::vector<std::string>& directories);

}  // namespace kexit::cli
