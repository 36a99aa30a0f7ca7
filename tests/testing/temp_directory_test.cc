#include "testing/temp_directory.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kexit::testing_support {
namespace {

namespace fs = std::filesystem;

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(TempDirectory, IsFreshAndGoneWithEverythingInIt) {
  std::string path;
  {
    TempDirectory directory;
    path = directory.path();
    ASSERT_TRUE(fs::is_directory(path));
    EXPECT_TRUE(fs::is_empty(path));
    directory.write("nested/deeper/file.txt", "x");
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(TempDirectory, TwoAreNeverTheSame) {
  TempDirectory first;
  TempDirectory second;
  EXPECT_NE(first.path(), second.path());
  EXPECT_EQ(fs::path(first.path()).parent_path(), fs::temp_directory_path());
}

TEST(TempDirectory, WritesFilesAndReturnsTheirPaths) {
  TempDirectory directory;
  std::string written = directory.write("sub/pod.yaml", "kind: Pod\n");
  EXPECT_EQ(written, directory.path() + "/sub/pod.yaml");
  EXPECT_EQ(written, directory.file("sub/pod.yaml"));
  EXPECT_EQ(contents(written), "kind: Pod\n");
  directory.write("sub/pod.yaml", "short");
  EXPECT_EQ(contents(written), "short");
}

TEST(TempDirectory, WritesExecutablesWhenAsked) {
  TempDirectory directory;
  struct stat plain {};
  struct stat script {};
  ASSERT_EQ(::stat(directory.write("plain", "x").c_str(), &plain), 0);
  ASSERT_EQ(::stat(directory.write("script", "#!/bin/sh\n", true).c_str(), &script), 0);
  EXPECT_EQ(plain.st_mode & S_IXUSR, 0u);
  EXPECT_EQ(script.st_mode & 0777, 0755u);
}

}  // namespace
}  // namespace kexit::testing_support
