kexit_test(kube/pod_parser)
