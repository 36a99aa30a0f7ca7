#pragma once
// Base64 for kubeconfig data fields and continue tokens (standard alphabet, padded), and the
// URL-safe unpadded form of JWT segments (ServiceAccount tokens).

#include <optional>
#include <string>
#include <string_view>

namespace kexit::kubesim {

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);
// RFC 4648 section 5, without padding.
std::string base64_url_encode(std::string_view bytes);

}  // namespace kexit::kubesim
