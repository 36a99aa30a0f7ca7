kexit_test(fidelity/kubectl kubesim_lib)
