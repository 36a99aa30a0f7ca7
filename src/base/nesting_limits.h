#pragma once
// The bounds on nesting depth and YAML alias expansion that every JSON and YAML text kexit
// reads is held to, so a hostile file gets an error instead of a stack overflow or an
// out-of-memory kill.

#include <cstddef>

namespace kexit {

// Kubernetes itself refuses JSON nested past 10000 levels (sigs.k8s.io/json, the decoder of
// k8s.io/apimachinery, inherits `maxNestingDepth = 10000` from Go's encoding/json in
// internal/golang/encoding/json/scanner.go). Go grows its stacks; kexit's parsers (yaml-cpp)
// and its own tree walks (conversion, redaction, printing) recurse on a fixed native stack,
// which may be a thread's. yaml-cpp 0.7 stops itself near 500 levels, but with "bad file" at
// the end of the text; the limit sits below that so that kexit's own error, with the place,
// is the one a user sees. Nothing kexit reads nests near this: a Pod nests about 10 levels, a
// kubeconfig or knowledge file fewer, so 256 refuses only files no Kubernetes tool wrote.
inline constexpr int kMaxNestingDepth = 256;

// YAML aliases may add at most this many nodes and scalar bytes to what a document holds,
// or as many as its text has bytes when that is more (see yaml_bounds.h). A document without
// aliases is never refused; a 1 KB "billion laughs" that would expand to 10^9 nodes is.
// kubectl never writes aliases, so the allowance only serves hand-written files.
inline constexpr std::size_t kMinAliasExpansion = 1'000'000;

}  // namespace kexit
