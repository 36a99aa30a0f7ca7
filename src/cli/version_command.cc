#include "cli/version_command.h"

#include <iostream>

#include "knowledge/builtin_knowledge.h"

namespace kexit::cli {

void add_version_command(CLI::App& app, int& exit_status) {
  CLI::App* command = app.add_subcommand("version", "Print kexit's version");
  command->callback([&exit_status] {
    // Counted when the binary was built: printing a version loads no knowledge.
    const auto counts = knowledge::builtin_knowledge_counts();
    std::cout << "kexit " << KEXIT_VERSION << " (built-in knowledge: " << counts.rules << " rules, "
              << counts.causes << " causes)\n";
    exit_status = 0;
  });
}

}  // namespace kexit::cli
