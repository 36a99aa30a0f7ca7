// The pod parser on any bytes, the two ways `kexit inspect --file` reads a pod file: JSON
// streamed item by item (kube/pod_file_reader.cc) and a whole JSON or YAML text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/json_list_stream.h"
#include "kube/pod_parser.h"

namespace {

void stream_items(std::string_view text) {
  kexit::kube::PodObjects objects;
  auto on_item = [&](nlohmann::json item, std::size_t index) -> kexit::Status {
    return kexit::kube::add_pod_list_item(item, "fuzz", "", index, objects);
  };
  auto streamed = kexit::stream_json_list(text, "fuzz", on_item);
  if (streamed.ok() && !streamed->streamed_items) {
    (void)kexit::kube::add_pod_document(streamed->root, "fuzz", "", objects);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  stream_items(text);
  (void)kexit::kube::parse_pods(text, "fuzz");
  return 0;
}
