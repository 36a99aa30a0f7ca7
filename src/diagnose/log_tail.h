#pragma once
// The last lines of a log, shown when no rule used a line of it, so a person sees what kexit saw.

#include <cstddef>
#include <vector>

#include "diagnose/diagnosis.h"
#include "diagnose/log_scan.h"
#include "knowledge/secret_redactor.h"

namespace kexit::diagnose {

struct LogTailLimits {
  std::size_t max_lines = 10;
  // All lines' text together, after redaction.
  std::size_t max_bytes = 2048;
  // One line's text is cut to this many bytes, as evidence lines are.
  std::size_t max_line_bytes = 400;
};

// The last lines of `log` up to its last non-blank one, as log-line evidence with their line
// numbers: each redacted (a PEM block's lines replaced whole), whole lines dropped from the
// front to stay within `limits`; a line is cut (never inside a UTF-8 character) only when it
// alone is over a bound. Empty for an empty log.
std::vector<Evidence> log_tail(const LogScan& log, const knowledge::SecretRedactor& redactor,
                               const LogTailLimits& limits);

}  // namespace kexit::diagnose
