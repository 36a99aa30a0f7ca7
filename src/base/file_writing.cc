#include "base/file_writing.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace kexit {

Status write_file(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) {
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
  }
  if (!out) {
    return Error{std::string("cannot write file: ") + std::strerror(errno) + "; check the path",
                 path};
  }
  return ok_status();
}

}  // namespace kexit
