kexit_test(fidelity/kubectl kubesim_lib)
# Real time: the agent replicas are other processes, on the wall clock.
kexit_test(fidelity/deployment REALTIME "DeploymentAgent.*" kubesim_lib)
add_dependencies(fidelity_deployment_test kexit)
kexit_test(fidelity/describe_agreement kubesim_lib)
add_dependencies(fidelity_describe_agreement_test kexit)
kexit_test(fidelity/fix_commands kubesim_lib)
add_dependencies(fidelity_fix_commands_test kexit)
