list(APPEND KEXIT_CORE_SOURCES
  src/agent/agent.cc
  src/agent/agent_metrics.cc
  src/agent/container_state_table.cc
  src/agent/event_builder.cc
  src/agent/event_emitter.cc
  src/agent/event_name.cc
  src/agent/event_note.cc
  src/agent/event_series.cc
  src/agent/health_server.cc
  src/agent/json_logger.cc
  src/agent/knowledge_reloader.cc
  src/agent/leader_elector.cc
  src/agent/lease_store.cc
  src/agent/metrics_registry.cc
  src/agent/namespace_rate_limiter.cc
  src/agent/pod_watcher.cc
  src/agent/process_metrics.cc
  src/agent/reported_events.cc
  src/agent/stop_signal.cc
  src/agent/termination_detector.cc
  src/agent/termination_id.cc
  src/agent/termination_reporter.cc
)
# The adapter to kexit's API client, built once src/kube/api_client.h is in the tree.
if(EXISTS ${CMAKE_SOURCE_DIR}/src/kube/api_client.h)
  list(APPEND KEXIT_CORE_SOURCES src/agent/kube_agent_api.cc)
endif()
