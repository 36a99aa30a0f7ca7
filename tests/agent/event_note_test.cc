#include "agent/event_note.h"

#include <gtest/gtest.h>

namespace kexit::agent {
namespace {

diagnose::ContainerDiagnosis rust_panic() {
  diagnose::ContainerDiagnosis diagnosis;
  diagnosis.container = "app";
  diagnosis.exit_code = 101;
  diagnose::Diagnosis top;
  top.cause = "rust-panic";
  top.title = "Rust panic";
  top.evidence.push_back({diagnose::Evidence::Kind::kFact, "exit code 101", std::nullopt});
  top.evidence.push_back(
      {diagnose::Evidence::Kind::kLogLine, "thread 'main' panicked at src/main.rs:3:5:", 4});
  top.evidence.push_back(
      {diagnose::Evidence::Kind::kLogLine, "called `Option::unwrap()` on a `None` value", 5});
  top.suggestions = {{"Read the panic message and backtrace.", "", ""},
                     {"Set RUST_BACKTRACE=1.", "", ""}};
  diagnosis.diagnoses.push_back(top);
  return diagnosis;
}

TEST(EventNote, CarriesExitCodeContainerCauseEvidenceAndSuggestion) {
  EXPECT_EQ(build_event_note(rust_panic()),
            "Container \"app\" exited with code 101: rust-panic (Rust panic). Evidence: thread "
            "'main' panicked at src/main.rs:3:5: called `Option::unwrap()` on a `None` value "
            "Suggestion: Read the panic message and backtrace.");
}

TEST(EventNote, NamesTheSignal) {
  auto diagnosis = rust_panic();
  diagnosis.exit_code = 137;
  diagnosis.signal_name = "SIGKILL";
  diagnosis.diagnoses.front().evidence.clear();
  diagnosis.diagnoses.front().suggestions.clear();
  EXPECT_EQ(build_event_note(diagnosis),
            "Container \"app\" exited with code 137 (SIGKILL): rust-panic (Rust panic).");
}

TEST(EventNote, StaysWithinTheApiLimit) {
  auto diagnosis = rust_panic();
  diagnosis.diagnoses.front().title = std::string(5000, 't');
  diagnosis.diagnoses.front().evidence.back().text = std::string(5000, 'e') + "\nsecond";
  diagnosis.diagnoses.front().suggestions.front() =
      knowledge::NextStep{std::string(5000, 's'), "", ""};
  diagnosis.container = std::string(2000, 'c');
  std::string note = build_event_note(diagnosis);
  EXPECT_LE(note.size(), kMaxEventNoteBytes);
  EXPECT_EQ(note.find('\n'), std::string::npos);
}

diagnose::ContainerDiagnosis with_log_tail() {
  auto diagnosis = rust_panic();
  diagnosis.diagnoses.front().evidence.resize(1);
  diagnosis.diagnoses.front().suggestions.clear();
  diagnosis.log_tail = {{diagnose::Evidence::Kind::kLogLine, "loading rules", 7},
                        {diagnose::Evidence::Kind::kLogLine, "", 8},
                        {diagnose::Evidence::Kind::kLogLine, "no rules; exiting", 9}};
  return diagnosis;
}

TEST(EventNote, EndsWithTheLogTailWithoutBlankLines) {
  EXPECT_EQ(build_event_note(with_log_tail()),
            "Container \"app\" exited with code 101: rust-panic (Rust panic). Evidence: exit "
            "code 101 Log tail: L7 loading rules | L9 no rules; exiting");
}

TEST(EventNote, LogTailKeepsItsLastLinesWithinTheApiLimit) {
  auto diagnosis = with_log_tail();
  diagnosis.log_tail.clear();
  for (std::size_t i = 1; i <= 10; ++i) {
    diagnosis.log_tail.push_back(
        {diagnose::Evidence::Kind::kLogLine, std::string(200, 'a' + static_cast<char>(i)), i});
  }
  std::string note = build_event_note(diagnosis);
  EXPECT_LE(note.size(), kMaxEventNoteBytes);
  // Lines are dropped whole from the front: the last line is there in full.
  EXPECT_NE(note.find("L10 " + std::string(200, 'k')), std::string::npos);
  EXPECT_EQ(note.find("L1 "), std::string::npos);
  EXPECT_EQ(note.size() - note.rfind(std::string(200, 'k')), 200u);
}

TEST(EventNote, ALongLastLineIsCutToFit) {
  auto diagnosis = with_log_tail();
  diagnosis.log_tail = {{diagnose::Evidence::Kind::kLogLine, std::string(5000, 'x'), 1}};
  std::string note = build_event_note(diagnosis);
  EXPECT_LE(note.size(), kMaxEventNoteBytes);
  EXPECT_NE(note.find(" Log tail: L1 xxx"), std::string::npos);
}

kube::EventFacts kubelet_event(const std::string& reason, int count, const std::string& message) {
  kube::EventFacts event;
  event.type = "Warning";
  event.reason = reason;
  event.count = count;
  event.message = message;
  event.source = "kubelet";
  return event;
}

diagnose::ContainerDiagnosis liveness_kill() {
  diagnose::ContainerDiagnosis diagnosis;
  diagnosis.container = "web";
  diagnosis.exit_code = 137;
  diagnosis.signal_name = "SIGKILL";
  diagnose::Diagnosis top;
  top.cause = "liveness-probe-kill";
  top.title = "Restarted by the kubelet after its liveness probe failed";
  top.evidence.push_back({diagnose::Evidence::Kind::kFact, "killed by signal 9", std::nullopt});
  for (const auto& event :
       {kubelet_event("Killing", 1, "Container web failed liveness probe, will be restarted"),
        kubelet_event("Unhealthy", 3,
                      "Liveness probe failed: Get \"http://10.0.0.5:8080/healthz\": context "
                      "deadline exceeded")}) {
    top.evidence.push_back({diagnose::Evidence::Kind::kEvent, event.reason + ": " + event.message,
                            std::nullopt, event});
  }
  diagnosis.diagnoses.push_back(top);
  return diagnosis;
}

TEST(EventNote, ListsTheEventsTheDiagnosisUsedWithTheirCounts) {
  EXPECT_EQ(build_event_note(liveness_kill()),
            "Container \"web\" exited with code 137 (SIGKILL): liveness-probe-kill (Restarted by "
            "the kubelet after its liveness probe failed). Evidence: killed by signal 9 Events: "
            "Killing x1: Container web failed liveness probe, will be restarted; Unhealthy x3: "
            "Liveness probe failed: Get \"http://10.0.0.5:8080/healthz\": context deadline "
            "exceeded");
}

// Many Events, or long messages, take a bounded part of the note: each message is cut, whole
// Events past the bound are left out, and the log tail still has room.
TEST(EventNote, EventsTakeABoundedPartOfTheNote) {
  auto diagnosis = liveness_kill();
  auto& evidence = diagnosis.diagnoses.front().evidence;
  evidence.resize(1);
  for (int i = 0; i < 8; ++i) {
    auto event =
        kubelet_event("Unhealthy", 10 + i, "Liveness probe failed: " + std::string(300, 'm'));
    evidence.push_back({diagnose::Evidence::Kind::kEvent, "", std::nullopt, event});
  }
  diagnosis.log_tail = {{diagnose::Evidence::Kind::kLogLine, "shutting down", 41}};
  std::string note = build_event_note(diagnosis);
  // Each message is cut to 160 bytes, "…" included.
  std::string one = "Unhealthy x10: Liveness probe failed: " + std::string(134, 'm') + "…";
  std::string two = "Unhealthy x11: Liveness probe failed: " + std::string(134, 'm') + "…";
  EXPECT_EQ(note,
            "Container \"web\" exited with code 137 (SIGKILL): liveness-probe-kill "
            "(Restarted by the kubelet after its liveness probe failed). Evidence: killed by "
            "signal 9 Events: " +
                one + "; " + two + " Log tail: L41 shutting down");
}

TEST(EventNote, StrongestEvidencePrefersALogLine) {
  EXPECT_EQ(strongest_evidence(rust_panic().diagnoses.front()),
            "thread 'main' panicked at src/main.rs:3:5: called `Option::unwrap()` on a `None` "
            "value");
  diagnose::Diagnosis facts_only;
  facts_only.evidence.push_back({diagnose::Evidence::Kind::kFact, "reason OOMKilled", {}});
  EXPECT_EQ(strongest_evidence(facts_only), "reason OOMKilled");
  EXPECT_EQ(strongest_evidence(diagnose::Diagnosis{}), "");
}

TEST(EventNote, StrongestEvidenceStopsAtAGapInTheLineNumbers) {
  auto panic = rust_panic().diagnoses.front();
  // A later match of the rule, not the message of the first one.
  panic.evidence.back().line = 9;
  EXPECT_EQ(strongest_evidence(panic), "thread 'main' panicked at src/main.rs:3:5:");
  panic.evidence.back().line = 5;
  panic.evidence.push_back({diagnose::Evidence::Kind::kLogLine, "note: run with", 6});
  EXPECT_EQ(strongest_evidence(panic),
            "thread 'main' panicked at src/main.rs:3:5: called `Option::unwrap()` on a `None` "
            "value note: run with");
}

}  // namespace
}  // namespace kexit::agent
