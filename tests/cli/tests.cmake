kexit_test(cli/inspect_command)
kexit_test(cli/explain_command)
kexit_test(cli/duration_parsing)
kexit_test(cli/target_parsing)
kexit_test(cli/offline_collection)
kexit_test(cli/inspection_save)
kexit_test(cli/secret_corpus_outputs)
kexit_test(cli/kb_command)
kexit_test(cli/inspect_hostile_input)
# A writer thread appends to the log while kexit reads it: real time by nature.
kexit_test(cli/inspect_growing_log REALTIME "*")
add_dependencies(cli_inspect_command_test kexit)
add_dependencies(cli_secret_corpus_outputs_test kexit)
add_dependencies(cli_explain_command_test kexit)
add_dependencies(cli_kb_command_test kexit)
add_dependencies(cli_inspect_hostile_input_test kexit)
add_dependencies(cli_inspect_growing_log_test kexit)

# The shipped knowledge base: lint (schema, patterns, coverage) and its golden cases.
add_test(NAME knowledge_lint COMMAND kexit kb lint)
add_test(NAME knowledge_golden_cases COMMAND kexit kb test)
add_test(NAME knowledge_lint_source_directory COMMAND kexit kb lint ${CMAKE_SOURCE_DIR}/knowledge)
# The corpus of real failures: fails when a report recorded right in expected-results.txt
# regressed (see tests/corpus/README.md).
add_test(NAME corpus_eval
         COMMAND kexit kb eval ${CMAKE_SOURCE_DIR}/tests/corpus/reports
                 --expected ${CMAKE_SOURCE_DIR}/tests/corpus/expected-results.txt)
kexit_test(cli/cluster_inspect kubesim_lib)
add_dependencies(cli_cluster_inspect_test kexit)
# Real time in two cases: --request-timeout is a socket timeout against a server that delays,
# and a watch followed for longer than it.
kexit_test(cli/cluster_selection kubesim_lib REALTIME
           "ClientFlags.RequestTimeoutEndsARequestTheServerIsSlowToAnswer:ClientFlags.RequestTimeoutDoesNotCutAWatch")
add_dependencies(cli_cluster_selection_test kexit)
kexit_test(cli/mixed_scenario_inspect kubesim_lib)
add_dependencies(cli_mixed_scenario_inspect_test kexit)
kexit_test(cli/workload_changes_inspect kubesim_lib)
add_dependencies(cli_workload_changes_inspect_test kexit)
kexit_test(cli/agent_command)
add_dependencies(cli_agent_command_test kexit)
kexit_test(cli/command_support)
add_dependencies(cli_command_support_test kexit)
kexit_test(cli/command_suggestion)
add_dependencies(cli_command_suggestion_test kexit)
kexit_test(cli/completion_engine)
# Bash calls the kexit binary, which asks kubesim over a socket: a separate process on the
# wall clock.
kexit_test(cli/completion_script kubesim_lib REALTIME "CompletionScript.*")
add_dependencies(cli_completion_script_test kexit)
kexit_test(cli/inspect_summary kubesim_lib)
add_dependencies(cli_inspect_summary_test kexit)
# tmux and the kexit it runs are other processes on the wall clock.
kexit_test(cli/terminal_screen kubesim_lib REALTIME "*")
add_dependencies(cli_terminal_screen_test kexit)
# kexit watch runs in its own process on the wall clock while kubesim crashes pods: real time.
kexit_test(cli/watch_command REALTIME "*" kubesim_lib)
add_dependencies(cli_watch_command_test kexit)
