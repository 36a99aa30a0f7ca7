#pragma once
// Base64 (RFC 4648, standard alphabet) as kubeconfig `*-data` fields and basic auth use it.

#include <optional>
#include <string>
#include <string_view>

namespace kexit::kube {

std::string base64_encode(std::string_view bytes);

// Decodes; whitespace (line breaks in pasted data) is skipped and padding is optional.
// nullopt when the text is not base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace kexit::kube
