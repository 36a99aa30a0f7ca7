kexit_test(fidelity/kubectl kubesim_lib)
kexit_test(fidelity/deployment kubesim_lib)
add_dependencies(fidelity_deployment_test kexit)
