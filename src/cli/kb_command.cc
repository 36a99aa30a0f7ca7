#include "cli/kb_command.h"

#include <iostream>

#include "base/file_reading.h"
#include "base/file_writing.h"
#include "cli/command_support.h"
#include "diagnose/corpus_evaluation.h"
#include "diagnose/expected_results.h"
#include "diagnose/golden_case_runner.h"
#include "diagnose/regression_check.h"
#include "knowledge/knowledge_lint.h"
#include "knowledge/knowledge_loader.h"
#include "report/evaluation_report.h"

namespace kexit::cli {
namespace {

struct LoadedForCheck {
  knowledge::KnowledgeSet set;
  std::vector<Error> errors;
  // True when the files define the whole taxonomy, so coverage can be checked.
  bool complete = false;
};

// With no directory: the built-in files. A directory with its own causes.yaml is a whole
// knowledge base and stands alone; any other directory is an overlay on the built-in files.
LoadedForCheck load_for_check(const std::string& directory) {
  LoadedForCheck loaded;
  knowledge::LoadResult builtin = knowledge::load_knowledge_files(knowledge::embedded_files());
  if (directory.empty()) {
    loaded.set = std::move(builtin.set);
    loaded.errors = std::move(builtin.errors);
    loaded.complete = true;
    return loaded;
  }
  auto files = knowledge::files_in_directory(directory);
  if (!files) {
    loaded.errors.push_back(files.error());
    return loaded;
  }
  knowledge::LoadResult own = knowledge::load_knowledge_files(*files);
  loaded.errors = std::move(own.errors);
  if (!own.set.causes.empty()) {
    loaded.set = std::move(own.set);
    loaded.complete = true;
  } else {
    loaded.set = std::move(builtin.set);
    knowledge::merge_overriding(loaded.set, std::move(own.set));
  }
  return loaded;
}

int run_lint(const std::string& directory) {
  LoadedForCheck loaded = load_for_check(directory);
  std::vector<Error> errors = std::move(loaded.errors);
  const std::size_t rules = loaded.set.rules.size();
  const std::size_t cases = loaded.set.cases.size();
  const std::size_t meanings = loaded.set.meanings.size();
  auto problems = knowledge::lint_knowledge_set(
      std::move(loaded.set),
      loaded.complete ? knowledge::Coverage::kCheck : knowledge::Coverage::kSkip);
  errors.insert(errors.end(), problems.begin(), problems.end());
  for (const auto& error : errors) {
    std::cout << error.to_string() << "\n";
  }
  std::cout << "kb lint: " << rules << " rules, " << meanings << " meanings, " << cases
            << " cases, " << errors.size() << (errors.size() == 1 ? " problem" : " problems")
            << "\n";
  return errors.empty() ? to_int(ExitStatus::kOk) : to_int(ExitStatus::kKnowledgeError);
}

int run_test(const std::string& directory, bool verbose) {
  LoadedForCheck loaded = load_for_check(directory);
  std::vector<Error> errors = std::move(loaded.errors);
  auto cases = loaded.set.cases;
  auto compiled = knowledge::CompiledKnowledge::compile(std::move(loaded.set), errors);
  if (!errors.empty() || !compiled) {
    for (const auto& error : errors) {
      print_error(error);
    }
    std::cerr << "kexit: the knowledge does not load; run kexit kb lint\n";
    return to_int(ExitStatus::kKnowledgeError);
  }
  diagnose::DiagnosisEngine engine(*compiled);
  auto outcomes = diagnose::run_golden_cases(engine, cases);
  std::size_t passed = 0;
  for (const auto& outcome : outcomes) {
    if (outcome.passed) {
      ++passed;
      if (verbose) {
        std::cout << "PASS " << outcome.where << ": " << outcome.detail << "\n";
      }
    } else {
      std::cout << "FAIL " << outcome.where << ": " << outcome.detail << "\n";
    }
  }
  // The plain closing line CI reads.
  std::cout << passed << " passed, " << outcomes.size() - passed << " failed\n";
  if (outcomes.empty()) {
    std::cerr << "kexit: no golden cases found\n";
    return to_int(ExitStatus::kTestsFailed);
  }
  return passed == outcomes.size() ? to_int(ExitStatus::kOk) : to_int(ExitStatus::kTestsFailed);
}

struct EvalOptions {
  std::string directory;
  std::string expected;
  std::string write_expected;
  bool reveal_held_out = false;
  std::vector<std::string> knowledge_directories;
  std::string output = "text";
};

constexpr const char* kRescoreHelp =
    "Rescore (records every report's top cause as the new baseline; review the diff):\n"
    "  kexit kb eval tests/corpus/reports --write-expected tests/corpus/expected-results.txt\n";

// The corpus, or nothing after printing why; every bad file is named, not just the first.
std::optional<std::vector<diagnose::CorpusReport>> load_corpus_or_report(
    const std::string& directory, const knowledge::KnowledgeSet& knowledge) {
  auto corpus = diagnose::load_corpus(directory, knowledge);
  if (!corpus) {
    print_error(corpus.error());
    return std::nullopt;
  }
  for (const auto& error : corpus->errors) {
    print_error(error);
  }
  if (!corpus->errors.empty()) {
    std::cerr << "kexit: " << corpus->errors.size()
              << " corpus reports do not load; fix them (see tests/corpus/README.md)\n";
    return std::nullopt;
  }
  return std::move(corpus->reports);
}

Expected<diagnose::RegressionCheck> check_expected(const std::string& path,
                                                   const diagnose::CorpusEvaluation& evaluation) {
  KEXIT_ASSIGN(text, read_file(path));
  KEXIT_ASSIGN(expected, diagnose::parse_expected_results(text, path));
  return diagnose::check_regressions(expected, evaluation);
}

// Prints the evaluation (and the check, with --expected); false after printing an error.
bool print_evaluation(const EvalOptions& options, OutputFormat format,
                      const diagnose::CorpusEvaluation& evaluation, bool& check_passed) {
  report::EvaluationInput input{
      evaluation, options.directory,
      options.expected.empty() ? options.write_expected : options.expected, std::nullopt};
  if (!options.expected.empty()) {
    auto check = check_expected(options.expected, evaluation);
    if (!check) {
      print_error(check.error());
      return false;
    }
    input.check = std::move(check).value();
    check_passed = input.check->passed();
  }
  std::cout << (format == OutputFormat::kJson ? report::evaluation_document(input).dump(2) + "\n"
                                              : report::render_evaluation_text(input));
  return true;
}

int run_eval(const EvalOptions& options) {
  OutputFormat format = OutputFormat::kText;
  if (!parse_output_format(options.output, format) || format == OutputFormat::kYaml) {
    print_error(unknown_output_format(options.output, "eval"));
    return to_int(ExitStatus::kUsage);
  }
  auto knowledge = load_knowledge_or_report(options.knowledge_directories);
  if (!knowledge) {
    return to_int(ExitStatus::kKnowledgeError);
  }
  auto reports = load_corpus_or_report(options.directory, knowledge->set());
  if (!reports) {
    return to_int(ExitStatus::kInputError);
  }
  auto evaluation = diagnose::evaluate_corpus(
      diagnose::DiagnosisEngine(knowledge), *reports,
      options.reveal_held_out ? diagnose::HeldOut::kRevealed : diagnose::HeldOut::kHidden);
  bool check_passed = true;
  if (!print_evaluation(options, format, evaluation, check_passed)) {
    return to_int(ExitStatus::kInputError);
  }
  if (!options.write_expected.empty()) {
    auto written =
        write_file(options.write_expected, diagnose::format_expected_results(evaluation));
    if (!written) {
      print_error(written.error());
      return to_int(ExitStatus::kInputError);
    }
    std::cerr << "kexit: wrote " << options.write_expected << "\n";
  }
  return check_passed ? to_int(ExitStatus::kOk) : to_int(ExitStatus::kTestsFailed);
}

void add_eval_command(CLI::App& kb, int& exit_status) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App* eval = kb.add_subcommand(
      "eval", "Score the diagnosis on a corpus of real failure reports (tests/corpus/)");
  eval->footer(kRescoreHelp);
  eval->add_option("dir", options->directory, "Directory of corpus reports (*.yaml)")->required();
  eval->add_option("--expected", options->expected,
                   "Expected results: fail when a report recorded right regressed");
  eval->add_option("--write-expected", options->write_expected,
                   "Write the expected results of this run (rescore)");
  eval->add_flag("--reveal-held-out", options->reveal_held_out,
                 "Show held-out reports too; one you have read moves to development");
  add_knowledge_option(*eval, options->knowledge_directories);
  eval->add_option("-o,--output", options->output, alternatives(output_formats_of("eval")))
      ->capture_default_str();
  eval->callback([options, &exit_status] { exit_status = run_eval(*options); });
}

}  // namespace

void add_kb_command(CLI::App& app, int& exit_status) {
  CLI::App* kb = app.add_subcommand("kb", "Check and test knowledge files; score them on a corpus");
  kb->require_subcommand(1);
  auto lint_directory = std::make_shared<std::string>();
  CLI::App* lint =
      kb->add_subcommand("lint", "Schema, patterns, causes, duplicate ids and coverage");
  lint->add_option("dir", *lint_directory,
                   "Knowledge directory (default: the built-in knowledge base)");
  lint->callback([lint_directory, &exit_status] { exit_status = run_lint(*lint_directory); });

  auto test_directory = std::make_shared<std::string>();
  auto verbose = std::make_shared<bool>(false);
  CLI::App* test = kb->add_subcommand("test", "Run the golden cases");
  test->add_option("dir", *test_directory,
                   "Knowledge directory (default: the built-in knowledge base)");
  test->add_flag("-v,--verbose", *verbose, "List passing cases too");
  test->callback([test_directory, verbose, &exit_status] {
    exit_status = run_test(*test_directory, *verbose);
  });
  add_eval_command(*kb, exit_status);
}

}  // namespace kexit::cli
