// The kubeconfig parser on any bytes (a kubeconfig is YAML written by many tools).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kube/kubeconfig.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = kexit::kube::parse_kubeconfig(text, "fuzz");
  if (config.ok()) {
    // Merging is what every second file of $KUBECONFIG goes through.
    kexit::kube::Kubeconfig merged = *config;
    kexit::kube::merge_kubeconfig(merged, *config);
  }
  return 0;
}
