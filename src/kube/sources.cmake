list(APPEND KEXIT_CORE_SOURCES
  src/kube/cluster_collection.cc
  src/kube/pod_facts.cc
  src/kube/pod_parser.cc
  src/kube/api_time.cc
  src/kube/base64.cc
  src/kube/child_process.cc
  src/kube/client_config.cc
  src/kube/clock.cc
  src/kube/config_loader.cc
  src/kube/credential_provider.cc
  src/kube/exec_credential.cc
  src/kube/in_cluster_config.cc
  src/kube/kubeconfig.cc
  src/kube/server_address.cc
)
