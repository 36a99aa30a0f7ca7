#pragma once
// SecretRedactor: the knowledge base's secret shapes (knowledge/secrets.yaml) compiled, and
// applied to any text before it is shown, written to an Event or stored. Secrets from logs
// never leave the pod's logs. The shapes are data with their providers' documentation; this
// is only the engine that applies them.

#include <re2/re2.h>
#include <re2/set.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "knowledge/knowledge_model.h"
#include "knowledge/pattern_compilation.h"

namespace kexit::knowledge {

inline constexpr std::string_view kRedacted = "[REDACTED]";

// RE2 options of secret patterns (and of their required literals, secret_literals.h).
RE2::Options secret_pattern_options();

class SecretRedactor {
 public:
  SecretRedactor() = default;

  // With kNow, compiles every shape and derives the literals of shapes without them; a
  // pattern that does not compile, or a shape without references or examples, goes to
  // `errors` with its file:line. With kOnFirstUse (shapes the build checked), a shape is
  // compiled the first time a text holds one of its literals.
  static SecretRedactor compile(const std::vector<SecretShape>& shapes, std::vector<Error>& errors,
                                PatternCompilation when = PatternCompilation::kNow);

  // kb lint's check, too slow for every start: each shape's examples are redacted and its
  // not_examples are left alone by the whole redactor.
  void check_examples(const std::vector<SecretShape>& shapes, std::vector<Error>& errors) const;

  // `text` (one line or many) with every secret replaced by [REDACTED], shape by shape in
  // the order of the knowledge base; idempotent.
  std::string redact(std::string_view text) const;

 private:
  struct Compiled {
    std::unique_ptr<RE2> pattern;
    // The capture group replaced (0: the whole match).
    int secret_group = 0;
    std::vector<std::unique_ptr<RE2>> unless_value;
  };
  // A shape, compiled on first use unless compile() did it.
  struct Shape {
    const SecretShape* source = nullptr;
    // Lower-case; a text holds one wherever the pattern matches it. Empty: tried on every text.
    std::vector<std::string> literals;
    mutable std::once_flag compiled_once;
    mutable std::unique_ptr<const Compiled> compiled;
    // Null only when the pattern does not compile (never for a set the build checked).
    const Compiled* get() const;
  };
  // Every shape's pattern in one automaton, for text the literals cannot judge; compiled on
  // first use, and null when it does not fit RE2's memory (every shape is then tried).
  struct ShapeSet {
    std::once_flag compiled_once;
    std::unique_ptr<RE2::Set> set;
  };

  static Expected<std::unique_ptr<const Compiled>> compile_shape(const SecretShape& shape);
  static std::string apply(const SecretShape& shape, const Compiled& compiled,
                           std::string_view text);
  const RE2::Set* shape_set() const;
  // The shapes whose pattern may match somewhere in `text`, in file order.
  std::vector<std::size_t> candidates(std::string_view text) const;
  std::vector<std::size_t> literal_candidates(std::string_view text) const;
  std::vector<std::size_t> set_candidates(std::string_view text) const;
  static void check_presence(const std::vector<SecretShape>& shapes, std::vector<Error>& errors);
  static bool kept(const Compiled& compiled, std::string_view value);

  std::vector<std::shared_ptr<const Shape>> shapes_;
  std::shared_ptr<ShapeSet> set_;
};

}  // namespace kexit::knowledge
