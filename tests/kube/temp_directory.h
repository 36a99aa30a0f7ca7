#pragma once
// TempDirectory: a fresh directory for one test, removed afterwards.

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

namespace kexit::kube {

class TempDirectory {
 public:
  TempDirectory() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("kexit-kube-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;

  std::string path() const { return path_.string(); }

  // Writes `text` to `name` below the directory (creating parents); returns the full path.
  std::string write(const std::string& name, const std::string& text, bool executable = false) {
    std::filesystem::path file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    {
      std::ofstream out(file, std::ios::binary | std::ios::trunc);
      out << text;
    }
    if (executable) {
      ::chmod(file.c_str(), 0755);
    }
    return file.string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace kexit::kube
