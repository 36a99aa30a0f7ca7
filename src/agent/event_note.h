#pragma once
// The human-readable `note` (core/v1 `message`) of a kexit Event: what exporters route on and
// what a person reads in `kubectl get events`, within the API's 1 kB limit.

#include <cstddef>
#include <string>

#include "diagnose/diagnosis.h"

namespace kexit::agent {

// The apiserver rejects a note longer than this many bytes.
inline constexpr std::size_t kMaxEventNoteBytes = 1024;

// `Container "app" exited with code 101: rust-panic (A Rust program panicked). Evidence:
// thread 'main' panicked at ... Suggestion: ...` - exit code, container, cause, the strongest
// evidence line (already redacted by the engine) and the first suggestion, then the Events the
// top diagnosis used (`Events: Killing x1: Container web failed liveness probe, will be
// restarted; Unhealthy x3: ...`, reason, count and redacted message, at most a few hundred
// bytes), then the log's last lines when the diagnosis carries them (`Log tail: L9 ... | L10
// ...`), cut first when the note is over the limit.
std::string build_event_note(const diagnose::ContainerDiagnosis& diagnosis);

// The evidence a person should see first: the top diagnosis's first log line with the lines
// that directly follow it in the evidence (the rule's context lines, such as a panic's message
// below its location), else its first fact; empty when there is none.
std::string strongest_evidence(const diagnose::Diagnosis& diagnosis);

}  // namespace kexit::agent
