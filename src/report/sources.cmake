list(APPEND KEXIT_REPORT_SOURCES
  src/report/evaluation_report.cc
  src/report/explain_report.cc
  src/report/failed_job_report.cc
  src/report/workload_changes_report.cc
  src/report/human_duration.cc
  src/report/next_step_output.cc
  src/report/painter.cc
  src/report/report_document.cc
  src/report/summary_table.cc
  src/report/tab_table.cc
  src/report/termination_correlation.cc
  src/report/termination_row.cc
  src/report/termination_line.cc
  src/report/text_report.cc
)
