#pragma once
// SecretRedactor: the knowledge base's secret shapes (knowledge/secrets.yaml) compiled, and
// applied to any text before it is shown, written to an Event or stored. Secrets from logs
// never leave the pod's logs. The shapes are data with their providers' documentation; this
// is only the engine that applies them.

#include <re2/re2.h>
#include <re2/set.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "knowledge/knowledge_model.h"

namespace kexit::knowledge {

inline constexpr std::string_view kRedacted = "[REDACTED]";

class SecretRedactor {
 public:
  SecretRedactor() = default;

  // Compiles every shape; a pattern that does not compile, or a shape without references or
  // examples, goes to `errors` with its file:line.
  static SecretRedactor compile(const std::vector<SecretShape>& shapes, std::vector<Error>& errors);

  // kb lint's check, too slow for every start: each shape's examples are redacted and its
  // not_examples are left alone by the whole redactor.
  void check_examples(const std::vector<SecretShape>& shapes, std::vector<Error>& errors) const;

  // `text` (one line or many) with every secret replaced by [REDACTED], shape by shape in
  // the order of the knowledge base; idempotent.
  std::string redact(std::string_view text) const;

 private:
  struct Compiled {
    const SecretShape* shape = nullptr;
    std::unique_ptr<RE2> pattern;
    // The capture group replaced (0: the whole match).
    int secret_group = 0;
    std::vector<std::unique_ptr<RE2>> unless_value;
  };

  static std::string apply(const Compiled& compiled, std::string_view text);
  // Every shape's pattern in one automaton, so a line without a secret costs one pass instead
  // of one per shape; null when it does not fit RE2's memory (every shape is then tried).
  void compile_set();
  // The shapes whose pattern matches somewhere in `text`, in file order; every shape when the
  // set cannot tell.
  std::vector<std::size_t> candidates(std::string_view text) const;
  static void check_presence(const std::vector<SecretShape>& shapes, std::vector<Error>& errors);
  static bool kept(const Compiled& compiled, std::string_view value);

  std::vector<std::shared_ptr<const Compiled>> shapes_;
  std::shared_ptr<const RE2::Set> set_;
};

}  // namespace kexit::knowledge
