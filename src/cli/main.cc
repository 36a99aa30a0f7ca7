// kexit: tells Kubernetes users why a container exited. Argument wiring only; the work is in
// kexit_core.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <exception>
#include <iostream>

#include "cli/cluster_selection.h"
#include "cli/command_suggestion.h"
#include "cli/command_support.h"
#include "cli/commands.h"
#include "cli/completion_command.h"
#include "cli/exit_status.h"

int main(int argc, char** argv) {
  using kexit::cli::ExitStatus;
  using kexit::cli::to_int;
  CLI::App app{"kexit: why did this container exit?", "kexit"};
  app.require_subcommand(1);
  int exit_status = 0;
  kexit::cli::add_commands(app, exit_status);
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (kexit::cli::is_completion_request(argc, argv)) {
      return kexit::cli::answer_completion_request(app, {args.begin() + 1, args.end()});
    }
    if (auto unknown = kexit::cli::unknown_subcommand(app, args)) {
      kexit::cli::print_error(*unknown);
      return to_int(ExitStatus::kUsage);
    }
    // CLI11 reads the arguments from the back.
    std::vector<std::string> reversed = kexit::cli::with_kubectl_verbosity(args);
    std::reverse(reversed.begin(), reversed.end());
    app.parse(reversed);
  } catch (const CLI::ParseError& error) {
    int status = app.exit(error);
    return status == 0 ? 0 : to_int(ExitStatus::kUsage);
  } catch (const std::exception& error) {
    std::cerr << "kexit: internal error: " << error.what()
              << "; please report it with the command you ran\n";
    return to_int(ExitStatus::kInternalError);
  }
  return exit_status;
}
