#include "base/file_reading.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "testing/temp_directory.h"

namespace kexit {
namespace {

// A file per test in the process's own directory, removed when the tests end.
std::string write_temp(const std::string& content) {
  static testing_support::TempDirectory directory;
  const auto* test = testing::UnitTest::GetInstance()->current_test_info();
  return directory.write(std::string(test->name()) + ".txt", content);
}

TEST(FileReading, ReadsWholeFile) {
  auto text = read_file(write_temp("a\nb\n"));
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "a\nb\n");
}

TEST(FileReading, MissingFileNamesPathAndWhatToDo) {
  auto text = read_file("/nonexistent/pod.json");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().to_string(),
            "/nonexistent/pod.json: cannot read file: No such file or directory; check the path");
}

TEST(FileReading, TailKeepsWholeLinesOnly) {
  auto tail = read_file_tail(write_temp("first line\nsecond\nthird\n"), 10);
  ASSERT_TRUE(tail.ok());
  EXPECT_TRUE(tail->truncated);
  EXPECT_EQ(tail->text, "third\n");
  EXPECT_EQ(tail->skipped_bytes, 18u);
}

TEST(FileReading, TailOfShortFileIsWholeFile) {
  auto tail = read_file_tail(write_temp("one\ntwo\n"), 1024);
  ASSERT_TRUE(tail.ok());
  EXPECT_FALSE(tail->truncated);
  EXPECT_EQ(tail->text, "one\ntwo\n");
}

TEST(FileReading, TailCutExactlyAtLineStartKeepsThatLine) {
  FileTail tail = tail_of("abc\ndef\n", 4);
  EXPECT_EQ(tail.text, "def\n");
  EXPECT_TRUE(tail.truncated);
}

}  // namespace
}  // namespace kexit
