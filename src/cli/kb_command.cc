#include "cli/kb_command.h"

#include <iostream>

#include "cli/command_support.h"
#include "diagnose/golden_case_runner.h"
#include "knowledge/knowledge_lint.h"
#include "knowledge/knowledge_loader.h"

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
  if (loaded.complete) {
    auto coverage = knowledge::check_coverage(loaded.set);
    errors.insert(errors.end(), coverage.begin(), coverage.end());
  }
  auto compiled = knowledge::CompiledKnowledge::compile(std::move(loaded.set), errors);
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

}  // namespace

void add_kb_command(CLI::App& app, int& exit_status) {
  CLI::App* kb = app.add_subcommand("kb", "Check and test knowledge files");
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
}

}  // namespace kexit::cli
