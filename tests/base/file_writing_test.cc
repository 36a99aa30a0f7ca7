#include "base/file_writing.h"

#include <gtest/gtest.h>

#include "base/file_reading.h"
#include "testing/temp_directory.h"

namespace kexit {
namespace {

TEST(FileWriting, ReplacesTheContents) {
  testing_support::TempDirectory directory;
  const std::string path = directory.file("file.txt");
  ASSERT_TRUE(write_file(path, "first version, longer\n").ok());
  ASSERT_TRUE(write_file(path, "second\n").ok());
  EXPECT_EQ(*read_file(path), "second\n");
}

TEST(FileWriting, NamesThePathItCannotWrite) {
  auto status = write_file("/nonexistent/dir/file.txt", "x");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().to_string(),
            "/nonexistent/dir/file.txt: cannot write file: No such file or directory; check the "
            "path");
}

}  // namespace
}  // namespace kexit
