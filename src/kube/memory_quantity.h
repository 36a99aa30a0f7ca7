#pragma once
// Memory quantities as Kubernetes writes them ("2Gi", "512M", "1.5Gi", "129e6"), in bytes, and
// back in the binary units `kubectl describe` users read.

#include <optional>
#include <string>

namespace kexit::kube {

// Bytes of a resource.Quantity; nullopt for text that is not one (or is negative).
std::optional<long long> parse_memory_quantity(const std::string& text);

// "2Gi", "512Mi", "1.5Gi", "900Ki", "100": the largest binary unit that keeps it readable, one
// decimal at most.
std::string format_memory(long long bytes);

}  // namespace kexit::kube
