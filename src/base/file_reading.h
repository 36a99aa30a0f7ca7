#pragma once
// Reading whole files and bounded file tails into memory, with errors as values.

#include <cstddef>
#include <string>
#include <string_view>

#include "base/expected.h"
#include "base/shared_text.h"

namespace kexit {

// Reads the whole file; "-" reads standard input.
Expected<std::string> read_file(const std::string& path);

// The last bytes of a file or stream, cut at a line start so no partial first line is kept.
struct FileTail {
  // A view into the mapped file when it was mapped (see read_file_tail), else a string.
  SharedText text;
  // True when bytes before `text` were skipped.
  bool truncated = false;
  // Bytes skipped before `text`.
  std::size_t skipped_bytes = 0;
};

// Reads at most `max_bytes` from the end of the file ("-" for standard input, read as a
// stream and keeping only the tail in memory). A tail of 1 MiB or more of a regular file that
// no process is writing is mapped instead of copied (MappedFile says when that is safe).
Expected<FileTail> read_file_tail(const std::string& path, std::size_t max_bytes);

// Keeps the last `max_bytes` of `text`, cut at a line start.
FileTail tail_of(std::string text, std::size_t max_bytes);

// Where tail_of cuts `text`: 0 when it fits in `max_bytes`, else the first line start within
// its last `max_bytes` (a view of a tail, for text too large to copy).
std::size_t tail_start(std::string_view text, std::size_t max_bytes);

}  // namespace kexit
