#pragma once
// Redaction of secrets (tokens, keys, passwords, PEM blocks) from text before it is shown,
// written to an Event or stored. Secrets from logs never leave the pod's logs.

#include <string>
#include <string_view>

namespace kexit::diagnose {

inline constexpr std::string_view kRedacted = "[REDACTED]";

// Replaces every secret in `text` (one line or many) with [REDACTED]; PEM blocks, whole.
std::string redact_secrets(std::string_view text);

// True for a line that opens or closes a PEM block ("-----BEGIN ... KEY-----"); the engine
// redacts whole lines between such markers, which a per-line pattern cannot recognise.
bool is_pem_begin(std::string_view line);
bool is_pem_end(std::string_view line);

}  // namespace kexit::diagnose
