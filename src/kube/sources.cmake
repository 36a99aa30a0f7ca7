list(APPEND KEXIT_CORE_SOURCES
  src/kube/cluster_collection.cc
  src/kube/pod_facts.cc
  src/kube/pod_parser.cc
)
