kexit_test(diagnose/diagnosis_engine)
kexit_test(diagnose/secret_redactor)
kexit_test(diagnose/corpus_report)
kexit_test(diagnose/corpus_split)
