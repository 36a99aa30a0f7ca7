#include "cli/commands.h"

#include "cli/agent_command.h"
#include "cli/completion_command.h"
#include "cli/explain_command.h"
#include "cli/inspect_command.h"
#include "cli/kb_command.h"
#include "cli/version_command.h"
#include "cli/watch_command.h"

namespace kexit::cli {

void add_commands(CLI::App& app, int& exit_status) {
  add_inspect_command(app, exit_status);
  add_watch_command(app, exit_status);
  add_agent_command(app, exit_status);
  add_explain_command(app, exit_status);
  add_kb_command(app, exit_status);
  add_completion_command(app, exit_status);
  add_version_command(app, exit_status);
}

}  // namespace kexit::cli
