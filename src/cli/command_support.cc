#include "cli/command_support.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string_view>

#include "base/text.h"
#include "base/utf8_text.h"
#include "knowledge/builtin_knowledge.h"
#include "kube/api_time.h"

namespace kexit::cli {

const std::vector<std::string>& output_formats_of(const std::string& command_name) {
  static const std::vector<std::string> kInspect = {"text", "wide", "json", "yaml"};
  // A watch prints one document per line: JSON Lines has no YAML counterpart.
  static const std::vector<std::string> kLines = {"text", "json"};
  static const std::vector<std::string> kDocuments = {"text", "json", "yaml"};
  if (command_name == "inspect") {
    return kInspect;
  }
  if (command_name == "watch" || command_name == "eval") {
    return kLines;
  }
  return kDocuments;
}

std::string alternatives(const std::vector<std::string>& words) {
  if (words.size() < 2) {
    return join(words, "");
  }
  std::vector<std::string> head(words.begin(), words.end() - 1);
  return join(head, ", ") + " or " + words.back();
}

Error unknown_output_format(const std::string& value, const std::string& command_name) {
  return Error{"unknown output format \"" + value + "\"; use " +
                   alternatives(output_formats_of(command_name)),
               "-o"};
}

bool parse_output_format(const std::string& text, OutputFormat& format) {
  if (text == "text") {
    format = OutputFormat::kText;
  } else if (text == "json") {
    format = OutputFormat::kJson;
  } else if (text == "yaml") {
    format = OutputFormat::kYaml;
  } else {
    return false;
  }
  return true;
}

// The message may quote input (a JSON parser's "last read"), which may hold escape sequences.
void print_error(const Error& error) {
  std::cerr << "kexit: " << printable(error.to_string()) << "\n";
}

const std::vector<std::string>& color_choice_names() {
  static const std::vector<std::string> kNames = {"auto", "always", "never"};
  return kNames;
}

void add_color_flags(CLI::App& command, ColorFlags& flags) {
  command
      .add_option("--color", flags.when,
                  "auto (colour on a terminal unless NO_COLOR is set or TERM=dumb), always or "
                  "never")
      ->capture_default_str()
      ->check(CLI::IsMember(color_choice_names()));
  command.add_flag("--no-color", flags.no_color, "The same as --color=never");
}

Expected<kube::TimePoint> now_from_environment(bool& fixed) {
  const char* text = std::getenv("KEXIT_NOW");
  fixed = text != nullptr && *text != '\0';
  if (!fixed) {
    return kube::system_clock().now();
  }
  if (auto now = kube::parse_api_time(text)) {
    return *now;
  }
  return Error{"\"" + std::string(text) + "\" is not an RFC 3339 time such as " +
                   "2026-01-02T15:04:05Z; set it to one or unset it",
               "KEXIT_NOW"};
}

bool use_color(const ColorFlags& flags, bool stdout_is_terminal, const char* no_color_env,
               const char* term_env) {
  if (flags.no_color || flags.when == "never") {
    return false;
  }
  if (flags.when == "always") {
    return true;
  }
  const bool no_color_set = no_color_env != nullptr && *no_color_env != '\0';
  const bool dumb_terminal = term_env != nullptr && std::string_view(term_env) == "dumb";
  return stdout_is_terminal && !no_color_set && !dumb_terminal;
}

// The terminal's width, as kubectl and less read it: COLUMNS, else the terminal's own size; 100
// when neither says (a pipe). Prose is wrapped to it; commands never are.
std::size_t terminal_width() {
  constexpr std::size_t kNarrowest = 40;
  if (const char* columns = std::getenv("COLUMNS")) {
    long long value = 0;
    if (parse_int(columns, value) && value >= static_cast<long long>(kNarrowest)) {
      return static_cast<std::size_t>(value);
    }
  }
  struct winsize size {};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
      size.ws_col >= kNarrowest) {
    return size.ws_col;
  }
  return report::TextStyle{}.width;
}

report::TextStyle text_style(const ColorFlags& flags) {
  report::TextStyle style;
  style.width = terminal_width();
  bool color =
      use_color(flags, isatty(STDOUT_FILENO), std::getenv("NO_COLOR"), std::getenv("TERM"));
  style.color = color ? report::Color::kYes : report::Color::kNo;
  return style;
}

void add_knowledge_option(CLI::App& command, std::vector<std::string>& directories) {
  command.add_option("--knowledge", directories,
                     "Directory of extra knowledge *.yaml (repeatable); same id overrides");
}

std::shared_ptr<const knowledge::CompiledKnowledge> load_knowledge_or_report(
    const std::vector<std::string>& directories) {
  std::vector<Error> errors;
  auto knowledge = knowledge::load_compiled_knowledge(directories, errors);
  if (!knowledge) {
    for (const auto& error : errors) {
      print_error(error);
    }
    return nullptr;
  }
  // Kept until the process ends, never freed: a command ends soon after it lets its knowledge
  // go, and freeing every rule's strings one by one was 5 % of `kexit explain`'s CPU time.
  static auto* const kept = new std::shared_ptr<const knowledge::CompiledKnowledge>();
  *kept = *knowledge;
  return *knowledge;
}

}  // namespace kexit::cli
