kexit_test(report/report_golden)
