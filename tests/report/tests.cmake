kexit_test(report/report_golden)
kexit_test(report/evaluation_report)
kexit_test(report/failed_job_report)
kexit_test(report/termination_line)
