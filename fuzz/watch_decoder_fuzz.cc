// Watch-stream framing on any bytes, cut into chunks where the network would cut them: the
// first byte picks the chunk size, so one input is tried as the decoder really receives it.
// Property: the events decoded do not depend on where the stream was cut.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "kube/watch_decoder.h"

namespace {

struct Decoded {
  std::vector<kexit::kube::WatchEvent> events;
  bool failed = false;
};

Decoded decode(std::string_view stream, std::size_t chunk) {
  kexit::kube::WatchDecoder decoder;
  Decoded decoded;
  for (std::size_t at = 0; at < stream.size() && !decoded.failed; at += chunk) {
    decoded.failed = !decoder.feed(stream.substr(at, chunk), decoded.events).ok();
  }
  return decoded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  std::size_t chunk = std::max<std::size_t>(1, data[0] % 64);
  std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);
  Decoded whole = decode(stream, std::max<std::size_t>(1, stream.size()));
  Decoded cut = decode(stream, chunk);
  if (!whole.failed && !cut.failed) {
    FUZZ_CHECK(whole.events.size() == cut.events.size());
    for (std::size_t i = 0; i < whole.events.size(); ++i) {
      FUZZ_CHECK(whole.events[i].type == cut.events[i].type);
      FUZZ_CHECK(whole.events[i].object == cut.events[i].object);
    }
  }
  return 0;
}
