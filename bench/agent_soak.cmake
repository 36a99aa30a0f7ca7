# The agent's soak (bench/agent_soak.cc, docs/reliability.md "bench/soak"): built in the default
# build, so it cannot rot, and run by hand: it takes minutes. It needs kubesim and the tests'
# support headers (tests/testing/: the fault tests' account, the process runner, the port
# reservation), so it is built with the tests.
add_executable(agent_soak ${CMAKE_CURRENT_LIST_DIR}/agent_soak.cc)
target_include_directories(agent_soak PRIVATE ${CMAKE_CURRENT_LIST_DIR}
                                              ${PROJECT_SOURCE_DIR}/tests)
target_link_libraries(agent_soak PRIVATE kexit_core kubesim_lib CLI11::CLI11)
target_compile_definitions(agent_soak PRIVATE KEXIT_BINARY_DIR="${CMAKE_BINARY_DIR}")
set_target_properties(agent_soak PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench)
# It runs the kexit binary.
add_dependencies(agent_soak kexit)
