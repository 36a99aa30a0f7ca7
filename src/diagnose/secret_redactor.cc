#include "diagnose/secret_redactor.h"

#include <re2/re2.h>

#include <memory>
#include <vector>

namespace kexit::diagnose {
namespace {

struct Redaction {
  std::unique_ptr<RE2> pattern;
  // RE2 rewrite: \1 keeps the part before the secret (a key name, a scheme).
  std::string rewrite;
};

const std::vector<Redaction>& redactions() {
  static const std::vector<Redaction> kRedactions = [] {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_dot_nl(true);
    const std::pair<const char*, const char*> table[] = {
        // PEM blocks within one text (a termination message); lines of a log are handled by
        // the engine with is_pem_begin/is_pem_end.
        {R"(-----BEGIN [A-Z0-9 ]+-----.*?(-----END [A-Z0-9 ]+-----|$))", "[REDACTED PEM BLOCK]"},
        // Authorization headers and bearer tokens.
        {R"((?i)(authorization\s*[:=]\s*(?:basic|bearer|token|digest)?\s*)[^\s"',;]+)",
         "\\1[REDACTED]"},
        {R"((?i)(\bbearer\s+)[A-Za-z0-9\-._~+/]+=*)", "\\1[REDACTED]"},
        // JSON Web Tokens: three base64url parts, the first a JSON header.
        {R"(\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)", "[REDACTED]"},
        // Cloud and SaaS access keys with a recognisable shape.
        {R"(\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16}\b)", "[REDACTED]"},
        {R"(\bAIza[0-9A-Za-z_-]{35}\b)", "[REDACTED]"},
        {R"(\bgh[pousr]_[A-Za-z0-9]{30,}\b)", "[REDACTED]"},
        {R"(\bgithub_pat_[A-Za-z0-9_]{30,}\b)", "[REDACTED]"},
        {R"(\bxox[abprs]-[A-Za-z0-9-]{10,})", "[REDACTED]"},
        {R"(\bsk_(?:live|test)_[A-Za-z0-9]{16,})", "[REDACTED]"},
        {R"(\bglpat-[A-Za-z0-9_-]{20,})", "[REDACTED]"},
        // Passwords in URLs: scheme://user:password@host.
        {R"(([A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:)[^@\s/]+@)", "\\1[REDACTED]@"},
        // key=value, key: value and "key": "value" pairs whose key names a secret.
        {R"((?i)([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?)[A-Za-z0-9_.-]*["']?\s*[:=]\s*["']?)([^\s"',;&}\]\[][^\s"',;&}\]]*))",
         "\\1[REDACTED]"},
    };
    std::vector<Redaction> list;
    for (const auto& [pattern, rewrite] : table) {
      list.push_back(Redaction{std::make_unique<RE2>(pattern, options), rewrite});
    }
    return list;
  }();
  return kRedactions;
}

}  // namespace

std::string redact_secrets(std::string_view text) {
  std::string out(text);
  for (const auto& redaction : redactions()) {
    RE2::GlobalReplace(&out, *redaction.pattern, redaction.rewrite);
  }
  return out;
}

bool is_pem_begin(std::string_view line) {
  return line.find("-----BEGIN ") != std::string_view::npos;
}

bool is_pem_end(std::string_view line) { return line.find("-----END ") != std::string_view::npos; }

}  // namespace kexit::diagnose
