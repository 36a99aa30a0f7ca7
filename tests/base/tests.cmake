kexit_test(base/file_reading)
kexit_test(base/json_field_reader)
kexit_test(base/structured_text)
kexit_test(base/text)
