#include "cli/version_command.h"

#include <iostream>

#include "knowledge/knowledge_loader.h"

namespace kexit::cli {

void add_version_command(CLI::App& app, int& exit_status) {
  CLI::App* command = app.add_subcommand("version", "Print kexit's version");
  command->callback([&exit_status] {
    auto loaded = knowledge::load_knowledge_files(knowledge::embedded_files());
    std::cout << "kexit " << KEXIT_VERSION << " (built-in knowledge: " << loaded.set.rules.size()
              << " rules, " << loaded.set.causes.size() << " causes)\n";
    exit_status = 0;
  });
}

}  // namespace kexit::cli
