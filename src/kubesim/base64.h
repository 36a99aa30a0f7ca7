#pragma once
// Base64 (standard alphabet, padded) for kubeconfig data fields and continue tokens.

#include <optional>
#include <string>
#include <string_view>

namespace kexit::kubesim {

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace kexit::kubesim
