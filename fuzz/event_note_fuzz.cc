// Event note truncation on any diagnosis text: the note kexit writes into an Event stays within
// the API's limit in bytes, and valid UTF-8 in gives valid UTF-8 out (cut on a character
// boundary). truncate_utf8 itself must keep its promise for any limit.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "agent/event_note.h"
#include "base/text.h"
#include "base/utf8_text.h"
#include "fuzz_check.h"

namespace {

void check_truncate(FuzzedDataProvider& input) {
  std::size_t max_bytes = input.ConsumeIntegralInRange<std::size_t>(0, 64);
  std::string text = input.ConsumeRandomLengthString(256);
  std::string cut = kexit::truncate_utf8(text, max_bytes);
  FUZZ_CHECK(cut.size() <= max_bytes);
  if (kexit::is_utf8(text)) {
    FUZZ_CHECK(kexit::is_utf8(cut));
  }
}

kexit::diagnose::ContainerDiagnosis diagnosis_from(FuzzedDataProvider& input) {
  kexit::diagnose::ContainerDiagnosis container;
  container.container = input.ConsumeRandomLengthString(300);
  container.exit_code = input.ConsumeIntegral<int>();
  container.signal_name = input.ConsumeRandomLengthString(40);
  if (input.ConsumeBool()) {
    kexit::diagnose::Diagnosis top;
    top.cause = input.ConsumeRandomLengthString(300);
    top.title = input.ConsumeRandomLengthString(600);
    top.evidence.emplace_back(kexit::diagnose::Evidence::Kind::kLogLine,
                              input.ConsumeRandomLengthString(2000), 7);
    top.suggestions.push_back(
        kexit::knowledge::NextStep{input.ConsumeRandomLengthString(800), "", ""});
    container.diagnoses.push_back(top);
  }
  while (input.remaining_bytes() > 0 && container.log_tail.size() < 50) {
    container.log_tail.emplace_back(kexit::diagnose::Evidence::Kind::kLogLine,
                                    input.ConsumeRandomLengthString(500),
                                    input.ConsumeIntegral<std::size_t>());
  }
  return container;
}

bool all_utf8(const kexit::diagnose::ContainerDiagnosis& container) {
  bool valid = kexit::is_utf8(container.container) && kexit::is_utf8(container.signal_name);
  for (const auto& diagnosis : container.diagnoses) {
    valid = valid && kexit::is_utf8(diagnosis.cause) && kexit::is_utf8(diagnosis.title) &&
            kexit::is_utf8(diagnosis.evidence.front().text) &&
            kexit::is_utf8(diagnosis.suggestions.front().text);
  }
  for (const auto& line : container.log_tail) {
    valid = valid && kexit::is_utf8(line.text);
  }
  return valid;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  check_truncate(input);
  auto container = diagnosis_from(input);
  std::string note = kexit::agent::build_event_note(container);
  FUZZ_CHECK(note.size() <= kexit::agent::kMaxEventNoteBytes);
  if (all_utf8(container)) {
    FUZZ_CHECK(kexit::is_utf8(note));
  }
  return 0;
}
