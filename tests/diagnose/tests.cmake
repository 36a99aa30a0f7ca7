kexit_test(diagnose/diagnosis_engine)
kexit_test(diagnose/secret_redactor)
