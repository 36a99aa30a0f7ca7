list(APPEND KEXIT_CLI_SOURCES
  src/cli/agent_command.cc
  src/cli/cluster_selection.cc
  src/cli/command_support.cc
  src/cli/duration_parsing.cc
  src/cli/explain_command.cc
  src/cli/inspection_save.cc
  src/cli/inspect_command.cc
  src/cli/kb_command.cc
  src/cli/offline_collection.cc
  src/cli/stop_on_signal.cc
  src/cli/version_command.cc
  src/cli/watch_command.cc
)
