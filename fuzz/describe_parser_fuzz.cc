// The `kubectl describe pod` text parser on any bytes: what people paste into tickets.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kube/describe_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)kexit::kube::looks_like_describe(text);
  (void)kexit::kube::parse_describe(text, "fuzz");
  return 0;
}
