#include "cli/explain_command.h"

#include <algorithm>
#include <iostream>
#include <optional>

#include "base/structured_text.h"
#include "base/text.h"
#include "cli/command_support.h"
#include "kube/exit_code.h"
#include "report/explain_report.h"

namespace kexit::cli {
namespace {

struct ExplainOptions {
  std::string code;
  std::string image;
  std::string runtime;
  std::string output = "text";
  std::vector<std::string> knowledge_directories;
  ColorFlags color;
};

// A runtime no meaning names would narrow the answer to the runtime-free meanings and hide
// the typo; the list comes from the knowledge base.
std::optional<Error> unknown_runtime(const knowledge::KnowledgeSet& set,
                                     const std::string& runtime) {
  if (runtime.empty()) {
    return std::nullopt;
  }
  auto known = report::known_runtimes(set);
  if (std::find(known.begin(), known.end(), to_lower(runtime)) != known.end()) {
    return std::nullopt;
  }
  return Error{"unknown runtime \"" + runtime + "\"; use one of " + join(known, ", "), "--runtime"};
}

int run_explain(const ExplainOptions& options) {
  OutputFormat format;
  if (!parse_output_format(options.output, format)) {
    print_error(unknown_output_format(options.output, "explain"));
    return to_int(ExitStatus::kUsage);
  }
  report::ExplainQuery query;
  auto code = kube::read_exit_code(options.code);
  if (!code) {
    print_error(Error{"\"" + options.code +
                          "\" is not a 32-bit number; write it in decimal (101, -1073741819, "
                          "3221225477) or hex (0xC0000005)",
                      "CODE"});
    return to_int(ExitStatus::kUsage);
  }
  query.code = *code;
  query.image = options.image;
  query.runtime = options.runtime;
  auto knowledge = load_knowledge_or_report(options.knowledge_directories);
  if (!knowledge) {
    return to_int(ExitStatus::kKnowledgeError);
  }
  if (auto error = unknown_runtime(knowledge->set(), query.runtime)) {
    print_error(*error);
    return to_int(ExitStatus::kUsage);
  }
  auto meanings = report::find_meanings(knowledge->set(), query);
  switch (format) {
    case OutputFormat::kText:
      std::cout << report::render_explain_text(meanings, query, text_style(options.color));
      break;
    case OutputFormat::kJson:
      std::cout << report::explain_document(meanings, query).dump(2) << "\n";
      break;
    case OutputFormat::kYaml:
      std::cout << to_yaml(report::explain_document(meanings, query));
      break;
  }
  return to_int(ExitStatus::kOk);
}

}  // namespace

void add_explain_command(CLI::App& app, int& exit_status) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* command =
      app.add_subcommand("explain", "Every known meaning of an exit code (or a number in a log)");
  command->add_option("code", options->code, "The number, e.g. 101 or 137")->required();
  command->add_option("--image", options->image, "Narrow to meanings that fit this image");
  command->add_option("--runtime", options->runtime,
                      "Narrow to one runtime: rust, spark, python, jvm, node, go, shell ...");
  command->add_option("-o,--output", options->output, alternatives(output_formats_of("explain")))
      ->capture_default_str();
  add_knowledge_option(*command, options->knowledge_directories);
  add_color_flags(*command, options->color);
  command->callback([options, &exit_status] { exit_status = run_explain(*options); });
}

}  // namespace kexit::cli
