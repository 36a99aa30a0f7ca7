#include "diagnose/log_tail.h"

#include <algorithm>
#include <string>

#include "base/text.h"
#include "base/utf8_text.h"

namespace kexit::diagnose {
namespace {

// Trailing blank lines say nothing; the tail ends at the last line with text.
std::size_t last_line_with_text(const LogScan& log) {
  std::size_t number = log.line_count();
  while (number > 0 && trim(log.line(number)).empty()) {
    --number;
  }
  return number;
}

std::string shown_text(const LogScan& log, const knowledge::SecretRedactor& redactor,
                       std::size_t number, std::size_t max_bytes) {
  if (log.in_pem_block(number)) {
    return "[REDACTED PEM BLOCK]";
  }
  return truncate_utf8(printable(redactor.redact(log.line(number))), max_bytes);
}

}  // namespace

std::vector<Evidence> log_tail(const LogScan& log, const knowledge::SecretRedactor& redactor,
                               const LogTailLimits& limits) {
  const std::size_t max_line_bytes = std::min(limits.max_line_bytes, limits.max_bytes);
  std::vector<Evidence> tail;
  std::size_t bytes = 0;
  for (std::size_t number = last_line_with_text(log); number > 0 && tail.size() < limits.max_lines;
       --number) {
    std::string text = shown_text(log, redactor, number, max_line_bytes);
    if (bytes + text.size() > limits.max_bytes) {
      break;
    }
    bytes += text.size();
    tail.push_back(Evidence{Evidence::Kind::kLogLine, std::move(text), number});
  }
  std::reverse(tail.begin(), tail.end());
  return tail;
}

}  // namespace kexit::diagnose
