#include "base/mapped_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kexit {
namespace {

// A mapping is only safe while the file cannot shrink: a page past a new end faults with
// SIGBUS. A read lease proves that no process has the file open for writing (a log still being
// written is read instead), and makes a later writer's open or truncate (logrotate's
// copytruncate) wait until kexit closes the file or the kernel's lease-break-time (45 s by
// default) passes. The kernel announces that wait with a signal; SIGIO's default action would
// end kexit, SIGURG's is to ignore it, and kexit needs no notice: it closes the file when done.
bool take_read_lease(int fd) {
  return fcntl(fd, F_SETSIG, SIGURG) == 0 && fcntl(fd, F_SETLEASE, F_RDLCK) == 0;
}

}  // namespace

std::shared_ptr<const MappedFile> MappedFile::map_quiet_tail(const std::string& path,
                                                             std::size_t length,
                                                             std::size_t min_length) {
  // stat before open: opening a FIFO would wait for its writer, and closing it unread could
  // break the writer's pipe.
  struct stat status {};
  if (stat(path.c_str(), &status) != 0 || !S_ISREG(status.st_mode)) {
    return nullptr;
  }
  std::shared_ptr<MappedFile> file(new MappedFile());
  file->fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (file->fd_ < 0 || fstat(file->fd_, &status) != 0 || !S_ISREG(status.st_mode) ||
      !take_read_lease(file->fd_)) {
    return nullptr;
  }
  // The size again under the lease: it cannot change any more.
  if (fstat(file->fd_, &status) != 0) {
    return nullptr;
  }
  file->file_size_ = static_cast<std::size_t>(status.st_size);
  const std::size_t want = std::min(length, file->file_size_);
  if (want < min_length || want == 0) {
    return nullptr;
  }
  const std::size_t offset = file->file_size_ - want;
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::size_t aligned = offset / page * page;
  file->mapped_length_ = file->file_size_ - aligned;
  // MAP_POPULATE: the scan reads every page, and one call maps them faster than a fault each.
  void* base = mmap(nullptr, file->mapped_length_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, file->fd_,
                    static_cast<off_t>(aligned));
  if (base == MAP_FAILED) {
    return nullptr;
  }
  file->base_ = base;
  file->view_ = std::string_view(static_cast<const char*>(base) + (offset - aligned), want);
  return file;
}

MappedFile::~MappedFile() {
  if (base_ != nullptr) {
    munmap(base_, mapped_length_);
  }
  if (fd_ >= 0) {
    close(fd_);  // releases the lease
  }
}

}  // namespace kexit
