#pragma once
// What the subcommands share: printing errors, output format and colour choice, and loading
// the knowledge base named by --knowledge.

#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "cli/exit_status.h"
#include "knowledge/compiled_knowledge.h"
#include "report/text_report.h"

namespace kexit::cli {

enum class OutputFormat { kText, kJson, kYaml };

// Parses -o; false for anything but text, json or yaml.
bool parse_output_format(const std::string& text, OutputFormat& format);

// "kexit: WHERE: MESSAGE" on stderr.
void print_error(const Error& error);

// Colour when stdout is a terminal, NO_COLOR is unset and --no-color was not given.
report::TextStyle text_style(bool no_color);

// The built-in knowledge plus --knowledge directories; prints every error on failure.
std::shared_ptr<const knowledge::CompiledKnowledge> load_knowledge_or_report(
    const std::vector<std::string>& directories);

}  // namespace kexit::cli
