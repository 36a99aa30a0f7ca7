// The log scanner on any bytes, with the built-in knowledge: every line and every hit it reports
// must lie inside the log.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "diagnose/log_scan.h"
#include "fuzz_check.h"
#include "knowledge/builtin_knowledge.h"

namespace {

const kexit::knowledge::CompiledKnowledge& knowledge() {
  static const std::shared_ptr<const kexit::knowledge::CompiledKnowledge> compiled = [] {
    std::vector<kexit::Error> errors;
    auto loaded = kexit::knowledge::load_compiled_knowledge({}, errors);
    FUZZ_CHECK(loaded.ok());
    return *loaded;
  }();
  return *compiled;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto& compiled = knowledge();
  kexit::diagnose::LogScan scan(compiled, text);
  // Lines are numbered from 1, as evidence shows them.
  for (std::size_t line = 1; line <= scan.line_count(); ++line) {
    std::string_view content = scan.line(line);
    FUZZ_CHECK(content.data() >= text.data());
    FUZZ_CHECK(content.data() + content.size() <= text.data() + text.size());
    (void)scan.in_pem_block(line);
  }
  for (std::size_t p = 0; p < compiled.log_patterns().size(); ++p) {
    const auto& hits = scan.hits(static_cast<int>(p));
    FUZZ_CHECK(hits.last_lines.size() <= kexit::diagnose::LogScan::kMaxLinesPerPattern);
    FUZZ_CHECK(hits.last_lines.size() <= hits.count);
    for (std::size_t line : hits.last_lines) {
      FUZZ_CHECK(line >= 1 && line <= scan.line_count());
    }
  }
  return 0;
}
