#pragma once
// MappedFile: a read-only mapping of a byte range of a file that no process was writing when it
// was mapped. A writer that comes later gets the file after the mapped bytes are copied into
// memory (the .cc says how), so the view stays valid while the object lives.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace kexit {

class MappedFile {
 public:
  // Maps the last `length` bytes of `path` (all of it when shorter), or returns nullptr when
  // that is under `min_length` bytes, the file is not a regular file, any process has it open
  // for writing, it cannot be leased (another owner, a network file system) or mapped: the
  // caller then reads it. Never an error: reading says what went wrong.
  static std::shared_ptr<const MappedFile> map_quiet_tail(const std::string& path,
                                                          std::size_t length,
                                                          std::size_t min_length);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // The mapped tail.
  std::string_view view() const { return view_; }
  // The file's size when it was mapped.
  std::size_t file_size() const { return file_size_; }

 private:
  MappedFile() = default;
  // Registers the mapping with the lease-break handler; false when too many are live.
  bool watch_lease();

  int fd_ = -1;
  void* base_ = nullptr;
  std::size_t mapped_length_ = 0;
  std::size_t file_size_ = 0;
  std::string_view view_;
  void* slot_ = nullptr;  // the handler's record of this mapping (mapped_file.cc)
};

}  // namespace kexit
