#include "cli/command_support.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "base/utf8_text.h"
#include "knowledge/builtin_knowledge.h"

namespace kexit::cli {

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

report::TextStyle text_style(bool no_color) {
  report::TextStyle style;
  const char* no_color_env = std::getenv("NO_COLOR");
  bool color =
      !no_color && isatty(STDOUT_FILENO) && (no_color_env == nullptr || *no_color_env == '\0');
  style.color = color ? report::Color::kYes : report::Color::kNo;
  return style;
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
  return *knowledge;
}

}  // namespace kexit::cli
