#include "base/mapped_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>

namespace kexit {
namespace {

// A mapping is only safe while the file cannot shrink: a page past a new end faults with
// SIGBUS. A read lease proves that no process has the file open for writing (a log still being
// written is read instead), and makes a later writer's open or truncate (logrotate's
// copytruncate) wait until kexit gives the lease up, at most the kernel's lease-break-time
// (45 s by default), after which the kernel takes it and the truncate goes on. So kexit must
// give it up itself, at once and on every thread: the kernel announces the wait with SIGURG
// (F_SETSIG), whose handler below copies the mapped bytes into anonymous memory at the same
// address and then releases the lease. The writer waits only for that copy, and no page of the
// view can fault afterwards, however long kexit keeps it (a pager, a stopped process).
constexpr int kLeaseBreakSignal = SIGURG;

// One slot per live mapping, found by the handler from the signal's si_fd. A slot's state
// keeps the handler's copy and the destructor's munmap from running at once on two threads.
enum SlotState : int { kFree, kLeased, kCopying, kCopied, kClosing };
struct Slot {
  std::atomic<int> state{kFree};
  std::atomic<int> fd{-1};
  void* base = nullptr;
  std::size_t length = 0;
};
constexpr std::size_t kSlots = 64;
std::array<Slot, kSlots> slots;

// Async-signal-safe: mmap, mremap, memcpy, fcntl and atomics only. On any failure the lease is
// kept, which is what happened before the handler existed (the kernel breaks it in 45 s).
void copy_and_release(Slot& slot) {
  void* copy =
      mmap(nullptr, slot.length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (copy == MAP_FAILED) {
    return;
  }
  std::memcpy(copy, slot.base, slot.length);
  // MREMAP_FIXED replaces the file's pages at the view's address in one step.
  if (mremap(copy, slot.length, slot.length, MREMAP_MAYMOVE | MREMAP_FIXED, slot.base) ==
      MAP_FAILED) {
    munmap(copy, slot.length);
    return;
  }
  fcntl(slot.fd.load(), F_SETLEASE, F_UNLCK);
}

void on_lease_break(int, siginfo_t* info, void*) {
  const int saved_errno = errno;
  for (Slot& slot : slots) {
    int leased = kLeased;
    if (slot.fd.load() == info->si_fd && slot.state.compare_exchange_strong(leased, kCopying)) {
      copy_and_release(slot);
      slot.state.store(kCopied);
    }
  }
  errno = saved_errno;
}

bool install_handler() {
  static const bool installed = [] {
    struct sigaction action {};
    action.sa_sigaction = on_lease_break;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    return sigaction(kLeaseBreakSignal, &action, nullptr) == 0;
  }();
  return installed;
}

Slot* claim_slot() {
  for (Slot& slot : slots) {
    int available = kFree;
    if (slot.state.compare_exchange_strong(available, kClosing)) {
      return &slot;
    }
  }
  return nullptr;  // more live mappings than slots: the caller reads instead
}

bool take_read_lease(int fd) {
  return fcntl(fd, F_SETSIG, kLeaseBreakSignal) == 0 && fcntl(fd, F_SETLEASE, F_RDLCK) == 0;
}

}  // namespace

std::shared_ptr<const MappedFile> MappedFile::map_quiet_tail(const std::string& path,
                                                             std::size_t length,
                                                             std::size_t min_length) {
  // stat before open: opening a FIFO would wait for its writer, and closing it unread could
  // break the writer's pipe.
  struct stat status {};
  if (stat(path.c_str(), &status) != 0 || !S_ISREG(status.st_mode) || !install_handler()) {
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
  return file->watch_lease() ? file : nullptr;
}

bool MappedFile::watch_lease() {
  Slot* slot = claim_slot();
  if (slot == nullptr) {
    return false;
  }
  slot_ = slot;
  slot->fd.store(fd_);
  slot->base = base_;
  slot->length = mapped_length_;
  slot->state.store(kLeased);
  // A writer that came between the lease and the slot found no handler to answer it: the
  // lease is then already breaking (F_GETLEASE gives the type it is breaking to).
  int leased = kLeased;
  if (fcntl(fd_, F_GETLEASE) != F_RDLCK && slot->state.compare_exchange_strong(leased, kCopying)) {
    copy_and_release(*slot);
    slot->state.store(kCopied);
  }
  return true;
}

MappedFile::~MappedFile() {
  auto* slot = static_cast<Slot*>(slot_);
  // Wait out a copy the handler is making on another thread before the pages go.
  while (slot != nullptr) {
    int state = slot->state.load();
    if (state != kCopying && slot->state.compare_exchange_strong(state, kClosing)) {
      break;
    }
  }
  if (base_ != nullptr) {
    munmap(base_, mapped_length_);
  }
  if (fd_ >= 0) {
    close(fd_);  // releases the lease
  }
  if (slot != nullptr) {
    slot->fd.store(-1);
    slot->state.store(kFree);
  }
}

}  // namespace kexit
