// Property: whatever the diagnosis carries (huge, multi-byte, invalid UTF-8, control
// characters), the Event note is within the API's limit in bytes of UTF-8, valid UTF-8 and on
// one line; the Event's annotations and the pod's last-diagnosis annotation stay within the
// API's 256 KiB for all annotations and are valid UTF-8. Inputs come from a seeded generator,
// so a failure names its seed and replays.

#include <gtest/gtest.h>

#include <random>

#include "agent/event_builder.h"
#include "agent/event_note.h"
#include "agent/termination_reporter.h"
#include "base/utf8_text.h"
#include "kube/api_time.h"

namespace kexit::agent {
namespace {

// The apiserver's limit on all of an object's annotations together (keys and values).
constexpr std::size_t kMaxAnnotationBytes = 256 * 1024;

class TextGenerator {
 public:
  explicit TextGenerator(unsigned seed) : random_(seed) {}

  // Up to `max_chars` characters: ASCII, controls, 2-, 3- and 4-byte UTF-8, and (when
  // `invalid`) lone continuation bytes, cut sequences and bytes that never start UTF-8.
  std::string text(std::size_t max_chars, bool invalid) {
    std::string out;
    std::size_t chars = pick(0, max_chars);
    for (std::size_t i = 0; i < chars; ++i) {
      append_character(out, invalid);
    }
    return out;
  }

  std::size_t pick(std::size_t low, std::size_t high) {
    return std::uniform_int_distribution<std::size_t>(low, high)(random_);
  }

 private:
  void append_character(std::string& out, bool invalid) {
    static constexpr const char* kValid[] = {"a",
                                             " ",
                                             "\n",
                                             "\t",
                                             "\r",
                                             "\x1b",
                                             "\xC3\xA9",
                                             "\xD0\x96",
                                             "\xE2\x82\xAC",
                                             "\xE6\x97\xA5",
                                             "\xF0\x9F\x92\xA5",
                                             "\xF0\x90\x8D\x88"};
    static constexpr const char* kInvalid[] = {"\x80",         "\xBF", "\xC3",     "\xE2\x82",
                                               "\xF0\x9F\x92", "\xFF", "\xC0\xAF", "\xED\xA0\x80"};
    if (invalid && pick(0, 9) == 0) {
      out += kInvalid[pick(0, std::size(kInvalid) - 1)];
      return;
    }
    out += kValid[pick(0, std::size(kValid) - 1)];
  }

  std::mt19937 random_;
};

diagnose::ContainerDiagnosis generated_diagnosis(TextGenerator& generate, bool invalid) {
  diagnose::ContainerDiagnosis diagnosis;
  diagnosis.container = generate.text(generate.pick(0, 1) ? 40 : 2000, invalid);
  diagnosis.exit_code = static_cast<int>(generate.pick(0, 255));
  diagnosis.signal_name = generate.text(12, invalid);
  diagnosis.restart_count = static_cast<int>(generate.pick(0, 100000));
  for (std::size_t line = 1, lines = generate.pick(0, 30); line <= lines; ++line) {
    diagnosis.log_tail.push_back(
        {diagnose::Evidence::Kind::kLogLine, generate.text(300, invalid), line});
  }
  if (generate.pick(0, 5) == 0) {
    return diagnosis;
  }
  diagnose::Diagnosis top;
  top.cause = generate.text(60, invalid);
  top.rule_id = generate.text(60, invalid);
  top.title = generate.text(600, invalid);
  top.confidence = static_cast<double>(generate.pick(0, 100)) / 100;
  for (std::size_t i = 0, count = generate.pick(0, 4); i < count; ++i) {
    auto kind =
        generate.pick(0, 1) ? diagnose::Evidence::Kind::kLogLine : diagnose::Evidence::Kind::kFact;
    top.evidence.push_back({kind, generate.text(1500, invalid), i + 1});
  }
  for (std::size_t i = 0, count = generate.pick(0, 3); i < count; ++i) {
    top.suggestions.push_back(knowledge::NextStep{generate.text(800, invalid), "", ""});
  }
  diagnosis.diagnoses.push_back(top);
  return diagnosis;
}

std::size_t annotation_bytes(const nlohmann::json& annotations) {
  std::size_t bytes = 0;
  for (const auto& [key, value] : annotations.items()) {
    bytes += key.size() + value.get<std::string>().size();
  }
  return bytes;
}

constexpr unsigned kCases = 3000;

TEST(EventNoteProperty, IsWithinTheLimitValidUtf8AndOneLineForAnyInput) {
  for (unsigned seed = 1; seed <= kCases; ++seed) {
    TextGenerator generate(seed);
    bool invalid = seed % 2 == 0;
    std::string note = build_event_note(generated_diagnosis(generate, invalid));
    ASSERT_LE(note.size(), kMaxEventNoteBytes) << "seed " << seed;
    ASSERT_TRUE(is_utf8(note)) << "seed " << seed << ": " << note;
    ASSERT_EQ(note.find_first_of("\n\r"), std::string::npos) << "seed " << seed;
    ASSERT_EQ(note.rfind("Container \"", 0), 0u) << "seed " << seed;
  }
}

TEST(EventNoteProperty, AnnotationsAreWithinTheLimitAndValidUtf8ForAnyValidInput) {
  EventIdentity identity{"pod.kexit.1", "kexit-agent-0",
                         *kube::parse_api_time("2026-12-07T01:00:00Z"), "t-1"};
  for (unsigned seed = 1; seed <= kCases; ++seed) {
    TextGenerator generate(seed);
    auto diagnosis = generated_diagnosis(generate, false);
    nlohmann::json event = build_event(diagnosis, {"Reason", "Warning"}, identity);
    const auto& annotations = event["metadata"]["annotations"];
    ASSERT_LE(annotation_bytes(annotations), kMaxAnnotationBytes) << "seed " << seed;
    for (const auto& [key, value] : annotations.items()) {
      ASSERT_TRUE(is_utf8(value.get<std::string>())) << "seed " << seed << " " << key;
    }
    ASSERT_LE(event.value("note", "").size(), kMaxEventNoteBytes) << "seed " << seed;
  }
}

TEST(EventNoteProperty, LastDiagnosisAnnotationIsValidUtf8AndWithinTheLimitForAnyInput) {
  for (unsigned seed = 1; seed <= kCases; ++seed) {
    TextGenerator generate(seed);
    std::string value =
        last_diagnosis_annotation(generated_diagnosis(generate, true), "2026-12-07T01:00:00Z");
    ASSERT_LE(std::string("kexit.io/last-diagnosis").size() + value.size(), kMaxAnnotationBytes)
        << "seed " << seed;
    ASSERT_TRUE(is_utf8(value)) << "seed " << seed;
  }
}

}  // namespace
}  // namespace kexit::agent
