list(APPEND KEXIT_DIAGNOSE_SOURCES
  src/diagnose/collected_pod_diagnosis.cc
  src/diagnose/corpus_evaluation.cc
  src/diagnose/corpus_report.cc
  src/diagnose/corpus_split.cc
  src/diagnose/diagnosis.cc
  src/diagnose/diagnosis_engine.cc
  src/diagnose/expected_results.cc
  src/diagnose/golden_case_runner.cc
  src/diagnose/log_scan.cc
  src/diagnose/log_tail.cc
  src/diagnose/regression_check.cc
  src/diagnose/resource_context.cc
  src/diagnose/pem_markers.cc
  src/diagnose/wilson_interval.cc
)
