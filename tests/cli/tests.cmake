kexit_test(cli/inspect_command)
kexit_test(cli/explain_command)
kexit_test(cli/duration_parsing)
kexit_test(cli/offline_collection)
add_dependencies(cli_inspect_command_test kexit)
add_dependencies(cli_explain_command_test kexit)

# The shipped knowledge base: lint (schema, patterns, coverage) and its golden cases.
add_test(NAME knowledge_lint COMMAND kexit kb lint)
add_test(NAME knowledge_golden_cases COMMAND kexit kb test)
add_test(NAME knowledge_lint_source_directory COMMAND kexit kb lint ${CMAKE_SOURCE_DIR}/knowledge)
kexit_test(cli/cluster_inspect kubesim_lib)
add_dependencies(cli_cluster_inspect_test kexit)
