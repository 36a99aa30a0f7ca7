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

# The soak in small (ctest -L soak): 2,000 pods, each phase half a second, a 2 s outage, a 3 s
# Lease (`kexit agent` takes whole seconds, and client-go wants the renew deadline above 1.2
# retry periods), so that the whole soak path - kubesim in its own process, the real agent, the
# SIGKILL, the outage, the account - runs in every ctest: about 12 s at a load of 15. Exit
# status 1 when the account does not add up (a termination without an outcome, a series count
# that does not add up, a termination id on two Events) or when any termination was not
# written: every one written once. Real time by design: `realtime` too.
add_test(NAME bench.agent_soak_smoke
         COMMAND agent_soak --pods 2000 --crashing-pods 2000 --crashes-per-second 20
                 --phase-seconds 0.5 --outage-seconds 2 --lease-duration 3s
                 --renew-deadline 2s --retry-period 1s --ready-budget 60
                 --settle-budget 60 --require-every-written)
set_tests_properties(bench.agent_soak_smoke PROPERTIES LABELS "soak;realtime" TIMEOUT 180)
