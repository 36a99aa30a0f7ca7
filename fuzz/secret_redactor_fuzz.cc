// The secret redactor of the built-in knowledge on any bytes, through its public API only
// (SecretRedactor::redact): every text kexit shows goes through it.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "knowledge/builtin_knowledge.h"

namespace {

const kexit::knowledge::SecretRedactor& redactor() {
  static const std::shared_ptr<const kexit::knowledge::CompiledKnowledge> compiled = [] {
    std::vector<kexit::Error> errors;
    auto loaded = kexit::knowledge::load_compiled_knowledge({}, errors);
    FUZZ_CHECK(loaded.ok());
    return *loaded;
  }();
  return compiled->redactor();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string redacted = redactor().redact(text);
  // Redacted text is shown, and sometimes redacted again (a note built from redacted parts).
  (void)redactor().redact(redacted);
  return 0;
}
