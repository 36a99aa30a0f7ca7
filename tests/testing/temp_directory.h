#pragma once
// TempDirectory: a fresh directory for one test, removed with everything in it when the
// object goes out of scope.

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace kexit::testing_support {

class TempDirectory {
 public:
  // mkdtemp picks a name no other process holds: ctest runs tests side by side, and one test
  // may hold several directories.
  TempDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kexit-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed for " + pattern);
    }
    path_ = pattern;
  }
  ~TempDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;

  std::string path() const { return path_.string(); }
  // The full path of `name` below the directory; nothing is created.
  std::string file(const std::string& name) const { return (path_ / name).string(); }

  // Writes `text` to `name` below the directory (creating parents); returns the full path.
  std::string write(const std::string& name, const std::string& text, bool executable = false) {
    std::filesystem::path target = path_ / name;
    std::filesystem::create_directories(target.parent_path());
    {
      std::ofstream out(target, std::ios::binary | std::ios::trunc);
      out << text;
    }
    if (executable) {
      ::chmod(target.c_str(), 0755);
    }
    return target.string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace kexit::testing_support

// The name the kube tests' copy had, so tests written against it still compile.
namespace kexit::kube {
using testing_support::TempDirectory;
}  // namespace kexit::kube
