#pragma once
// PEM block markers in a log: the engine redacts whole lines between them, which a per-line
// pattern cannot recognise. The secret shapes themselves are knowledge (knowledge/secrets.yaml,
// applied by knowledge::SecretRedactor).

#include <string_view>

namespace kexit::diagnose {

// True for a line that opens or closes a PEM block ("-----BEGIN ... KEY-----").
bool is_pem_begin(std::string_view line);
bool is_pem_end(std::string_view line);

}  // namespace kexit::diagnose
