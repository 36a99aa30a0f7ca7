kexit_test(report/report_golden)
kexit_test(report/evaluation_report)
