#include "base/file_reading.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "base/mapped_file.h"

namespace kexit {
namespace {

// Below this a copy costs less than a millisecond, and the mapping would not pay for its
// system calls.
constexpr std::size_t kMinMappedBytes = 1024 * 1024;

Error open_error(const std::string& path) {
  return Error{std::string("cannot read file: ") + std::strerror(errno) + "; check the path", path};
}

// A log still being appended to can end mid-line where kexit looked: the kernel makes a write
// visible page by page, so the size seen may cut a line the writer was copying. When the file
// has grown since, that last unterminated line is the writer's, half done: drop it rather than
// show a cut line as evidence. A file that did not grow keeps its unterminated last line (a
// panic printed without a newline is real evidence).
void drop_line_being_written(const std::string& path, std::streamoff size_seen, std::string& text) {
  if (text.empty() || text.back() == '\n') {
    return;
  }
  std::error_code error;
  const auto size_now = std::filesystem::file_size(path, error);
  if (error || static_cast<std::streamoff>(size_now) <= size_seen) {
    return;
  }
  const std::size_t newline = text.rfind('\n');
  if (newline != std::string::npos) {
    text.resize(newline + 1);
  }
}

}  // namespace

Expected<std::string> read_file(const std::string& path) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return open_error(path);
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    return open_error(path);
  }
  return text;
}

std::size_t tail_start(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) {
    return 0;
  }
  std::size_t start = text.size() - max_bytes;
  // Drop the partial first line: a half line would show as misleading evidence.
  std::size_t newline = text.find('\n', start > 0 ? start - 1 : 0);
  if (newline != std::string_view::npos && newline + 1 < text.size()) {
    start = newline + 1;
  }
  return start;
}

FileTail tail_of(std::string text, std::size_t max_bytes) {
  FileTail tail;
  if (text.size() <= max_bytes) {
    tail.text = std::move(text);
    return tail;
  }
  const std::size_t start = tail_start(text, max_bytes);
  tail.truncated = true;
  tail.skipped_bytes = start;
  tail.text = text.substr(start);
  return tail;
}

namespace {

// The tail of a mapped file: `file` holds its last max_bytes + 1 bytes (one more than the
// bound, so the cut can tell whether it is at a line start), viewed, not copied.
FileTail tail_of_mapping(std::shared_ptr<const MappedFile> file, std::size_t max_bytes) {
  const std::string_view read = file->view();
  const std::size_t cut = tail_start(read, max_bytes);
  const std::size_t start = file->file_size() - read.size();
  FileTail tail;
  tail.truncated = read.size() > max_bytes || start > 0;
  tail.skipped_bytes = start + cut;
  tail.text = SharedText(std::move(file), read.substr(cut));
  return tail;
}

}  // namespace

Expected<FileTail> read_file_tail(const std::string& path, std::size_t max_bytes) {
  if (path == "-") {
    // A stream cannot seek: keep a rolling window twice the bound, trimmed as it fills.
    std::string window;
    std::size_t dropped = 0;
    char chunk[64 * 1024];
    while (std::cin.read(chunk, sizeof chunk) || std::cin.gcount() > 0) {
      window.append(chunk, static_cast<std::size_t>(std::cin.gcount()));
      if (window.size() > 2 * max_bytes + sizeof chunk) {
        std::size_t cut = window.size() - 2 * max_bytes;
        window.erase(0, cut);
        dropped += cut;
      }
    }
    FileTail tail = tail_of(std::move(window), max_bytes);
    if (dropped > 0) {
      tail.truncated = true;
      tail.skipped_bytes += dropped;
    }
    return tail;
  }
  // A quiet file's tail is mapped, which saves the kernel's copy of every byte (the larger part
  // of a 200 MiB scan's system time); of a sparse or huge file, only the tail is mapped. A log
  // still being written, a pipe or a small file takes the read below.
  const std::size_t with_one_more = max_bytes < SIZE_MAX ? max_bytes + 1 : max_bytes;
  if (auto mapped = MappedFile::map_quiet_tail(path, with_one_more, kMinMappedBytes)) {
    return tail_of_mapping(std::move(mapped), max_bytes);
  }
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    return open_error(path);
  }
  const std::streamoff size = in.tellg();
  const std::streamoff want =
      std::min<std::streamoff>(size, static_cast<std::streamoff>(max_bytes));
  // Read one byte more than the bound so tail_of can tell whether the cut is at a line start.
  const std::streamoff start = size - want > 0 ? size - want - 1 : 0;
  in.seekg(start);
  std::string text(static_cast<std::size_t>(size - start), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) {
    return open_error(path);
  }
  // A log truncated while it is read (logrotate's copytruncate) ends early: keep what was read.
  text.resize(static_cast<std::size_t>(in.gcount()));
  drop_line_being_written(path, size, text);
  FileTail tail = tail_of(std::move(text), max_bytes);
  tail.skipped_bytes += static_cast<std::size_t>(start);
  tail.truncated = tail.truncated || start > 0;
  return tail;
}

}  // namespace kexit
