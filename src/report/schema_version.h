#pragma once
// The version of kexit's JSON and YAML contract (docs/schema/), shared by every document.

namespace kexit::report {

// Bumped by every change to a document's fields, with the change in docs/schema/README.md:
// scripts check `schemaVersion` before they read a field added later.
inline constexpr int kSchemaVersion = 11;

}  // namespace kexit::report
