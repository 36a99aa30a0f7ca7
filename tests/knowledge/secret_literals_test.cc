// Required literals: what RE2's prefilter says a secret pattern needs, and the proof that
// skipping a shape whose literals a text lacks changes no output: the built-in redactor with
// its literals redacts every corpus line, mix, case variant, non-ASCII variant and long text
// exactly as the same shapes do when every shape is tried on every text.

#include "knowledge/secret_literals.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "knowledge/builtin_knowledge.h"
#include "knowledge/compiled_knowledge.h"
#include "knowledge/secret_redactor.h"
#include "testing/builtin_redactor.h"
#include "testing/secret_corpus.h"

namespace kexit::knowledge {
namespace {

using testing_support::secret_corpus;

const CompiledKnowledge& builtin() { return testing_support::loaded_builtin_knowledge(); }

// The built-in shapes with no literals: each is tried on every text, the reference.
const SecretRedactor& every_shape_tried() {
  static const auto shapes = [] {
    std::vector<SecretShape> copied = builtin().set().secrets;
    for (auto& shape : copied) {
      shape.literals = std::vector<std::string>{};
    }
    return copied;
  }();
  static const SecretRedactor redactor = [] {
    std::vector<Error> errors;
    SecretRedactor compiled = SecretRedactor::compile(shapes, errors);
    EXPECT_TRUE(errors.empty());
    return compiled;
  }();
  return redactor;
}

std::vector<std::string> literals_of(const std::string& pattern) {
  auto literals = required_literals(pattern, secret_pattern_options());
  EXPECT_TRUE(literals.ok()) << literals.error().to_string();
  return literals.ok() ? *literals : std::vector<std::string>{};
}

TEST(RequiredLiterals, AreTheLowerCaseStringsAPatternCannotMatchWithout) {
  EXPECT_EQ(literals_of(R"((?i)\bbearer\s+(?P<secret>[A-Za-z0-9\-._~+/]+=*))"),
            std::vector<std::string>{"bearer"});
  EXPECT_EQ(literals_of(R"(\bgh[pousr]_[A-Za-z0-9]{30,}\b)"),
            (std::vector<std::string>{"gho_", "ghp_", "ghr_", "ghs_", "ghu_"}));
  // Of "-----BEGIN" and "-----END", the first is enough: no match lacks it.
  EXPECT_EQ(literals_of("-----BEGIN [A-Z0-9 ]+-----.*?(?:-----END [A-Z0-9 ]+-----|$)"),
            std::vector<std::string>{"-----begin "});
}

TEST(RequiredLiterals, AreNoneForAPatternThatNeedsNoString) {
  EXPECT_EQ(literals_of("[0-9]{8,10}"), std::vector<std::string>{});
  EXPECT_EQ(literals_of("a|[0-9]+"), std::vector<std::string>{});
}

TEST(RequiredLiterals, NameAPatternThatDoesNotCompile) {
  auto literals = required_literals("tok_(", secret_pattern_options());
  ASSERT_FALSE(literals.ok());
  EXPECT_EQ(literals.error().to_string(), "secret pattern 'tok_(' does not compile");
}

TEST(RequiredLiterals, TheBuildStoresWhatTheRedactorWouldDerive) {
  std::vector<SecretShape> shapes = builtin().set().secrets;
  ASSERT_GE(shapes.size(), 60u);
  std::vector<SecretShape> derived = shapes;
  for (auto& shape : derived) {
    shape.literals.reset();
  }
  derive_required_literals(derived);
  for (std::size_t index = 0; index < shapes.size(); ++index) {
    SCOPED_TRACE(shapes[index].id);
    ASSERT_TRUE(shapes[index].literals.has_value());
    EXPECT_EQ(derived[index].literals, shapes[index].literals);
  }
}

TEST(RequiredLiterals, KeepLiteralsAShapeAlreadyHas) {
  SecretShape shape;
  shape.pattern = "tok_[a-z]{8}";
  shape.literals = std::vector<std::string>{"given"};
  SecretShape bad;
  bad.pattern = "tok_(";
  std::vector<SecretShape> shapes = {shape, bad};
  derive_required_literals(shapes);
  EXPECT_EQ(shapes[0].literals, std::vector<std::string>{"given"});
  EXPECT_FALSE(shapes[1].literals.has_value());
}

void expect_same_redaction(const std::string& text) {
  ASSERT_EQ(builtin().redactor().redact(text), every_shape_tried().redact(text)) << text;
}

std::string upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return text;
}

// RE2 folds the long s (U+017F) into `s` and the Kelvin sign (U+212A) into `k` under (?i):
// no ASCII literal holds them, so such text must not be judged by the literals.
std::string with_folded_letters(const std::string& text) {
  std::string out;
  for (char c : text) {
    out += c == 's'   ? std::string("\xC5\xBF")
           : c == 'k' ? std::string("\xE2\x84\xAA")
                      : std::string(1, c);
  }
  return out;
}

std::vector<std::string> corpus_lines() {
  std::vector<std::string> lines;
  for (const auto& sample : secret_corpus().secrets) {
    lines.push_back(sample.line);
  }
  lines.insert(lines.end(), secret_corpus().not_secrets.begin(), secret_corpus().not_secrets.end());
  return lines;
}

TEST(SecretRedactorLiterals, EveryCorpusLineAndItsVariantsAsWithEveryShapeTried) {
  const auto lines = corpus_lines();
  ASSERT_GE(lines.size(), 100u);
  for (const auto& line : lines) {
    expect_same_redaction(line);
    expect_same_redaction(upper(line));
    expect_same_redaction(with_folded_letters(line));
    expect_same_redaction(line + " caf\xC3\xA9");
  }
}

TEST(SecretRedactorLiterals, EveryPairOfCorpusLinesAsWithEveryShapeTried) {
  const auto lines = corpus_lines();
  const std::vector<std::string> joints = {"", " ", "\n", "=", "password=", "[REDACTED]"};
  std::size_t joint = 0;
  for (const auto& first : lines) {
    for (const auto& second : lines) {
      expect_same_redaction(first + joints[joint++ % joints.size()] + second);
    }
  }
}

TEST(SecretRedactorLiterals, ALongTextAsWithEveryShapeTried) {
  std::string text;
  for (const auto& line : corpus_lines()) {
    text += line + "\n";
  }
  while (text.size() < 64 * 1024) {
    text += text;
  }
  expect_same_redaction(text);
}

}  // namespace
}  // namespace kexit::knowledge
