#include "agent/build_info.h"

namespace kexit::agent {
namespace {

std::string compiler_name() {
#if defined(__clang__)
  return "clang " __clang_version__;
#elif defined(__GNUC__)
  return "gcc " __VERSION__;
#else
  return "unknown";
#endif
}

}  // namespace

const BuildInfo& build_info() {
  static const BuildInfo kInfo{KEXIT_VERSION, KEXIT_REVISION, compiler_name()};
  return kInfo;
}

}  // namespace kexit::agent
