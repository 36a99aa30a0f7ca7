list(APPEND KEXIT_BASE_SOURCES
  src/base/decimal_number.cc
  src/base/file_reading.cc
  src/base/file_writing.cc
  src/base/html_text.cc
  src/base/json_dom_builder.cc
  src/base/json_field_reader.cc
  src/base/json_list_splitter.cc
  src/base/json_list_stream.cc
  src/base/mapped_file.cc
  src/base/shell_word.cc
  src/base/structured_text.cc
  src/base/text.cc
  src/base/utf8_text.cc
  src/base/yaml_bounds.cc
)
