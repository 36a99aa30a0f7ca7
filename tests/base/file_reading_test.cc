#include "base/file_reading.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <optional>

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

// Lines of 10 bytes, numbered, 3 MiB in all: more than the 1 MiB from which a tail is mapped.
std::string large_log() {
  std::string text;
  char line[16];
  for (int i = 0; text.size() < 3 * 1024 * 1024; ++i) {
    std::snprintf(line, sizeof line, "%09d\n", i);
    text += line;
  }
  return text;
}

// A mapped tail holds a read lease on the file (MappedFile): a writer cannot open it meanwhile.
void expect_mapped(const std::string& path) {
  int writer = open(path.c_str(), O_WRONLY | O_NONBLOCK);
  EXPECT_EQ(writer, -1) << "the tail was read, not mapped";
  if (writer >= 0) {
    close(writer);
  }
}

// The same tail whichever way the file is read: mapped when no process writes it, read while
// one has it open for writing. The bound cuts a line (2 MiB is not a multiple of 10), so the
// tail starts at the next line.
TEST(FileReading, ALargeTailIsTheSameMappedOrRead) {
  const std::string text = large_log();
  const std::string path = write_temp(text);
  const std::size_t bound = 2 * 1024 * 1024;
  const std::size_t start = (text.size() - bound + 9) / 10 * 10;
  auto writer = std::make_optional<std::ofstream>(path, std::ios::app);
  auto read = read_file_tail(path, bound);
  writer.reset();
  auto mapped = read_file_tail(path, bound);
  expect_mapped(path);
  for (const auto* tail : {&mapped, &read}) {
    ASSERT_TRUE(tail->ok());
    EXPECT_TRUE((*tail)->truncated);
    EXPECT_EQ((*tail)->skipped_bytes, start);
    EXPECT_TRUE((*tail)->text == std::string_view(text).substr(start));
  }
}

TEST(FileReading, AWholeLargeFileIsTheSameMappedOrRead) {
  const std::string text = large_log();
  const std::string path = write_temp(text);
  auto writer = std::make_optional<std::ofstream>(path, std::ios::app);
  auto read = read_file_tail(path, text.size());
  writer.reset();
  auto mapped = read_file_tail(path, text.size());
  expect_mapped(path);
  for (const auto* tail : {&mapped, &read}) {
    ASSERT_TRUE(tail->ok());
    EXPECT_FALSE((*tail)->truncated);
    EXPECT_EQ((*tail)->skipped_bytes, 0u);
    EXPECT_TRUE((*tail)->text == text);
  }
}

TEST(FileReading, TailCutExactlyAtLineStartKeepsThatLine) {
  FileTail tail = tail_of("abc\ndef\n", 4);
  EXPECT_EQ(tail.text, "def\n");
  EXPECT_TRUE(tail.truncated);
}

}  // namespace
}  // namespace kexit
