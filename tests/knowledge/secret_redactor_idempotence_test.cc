// The built-in redactor is idempotent: redact(redact(x)) == redact(x), for every line of the
// secret corpus and for random mixes of its secrets, look-alikes, cut-off secrets, the
// [REDACTED] marker and separators. A second pass that changed the text again would mean the
// first left part of a secret, or that the marker itself reads as a secret; text that passes
// through kexit twice (an Event note read back, a saved inspection read again) would differ.
// Inputs come from a seeded generator, so a failure names its seed and replays.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "testing/builtin_redactor.h"
#include "testing/secret_corpus.h"

namespace kexit::knowledge {
namespace {

using testing_support::builtin_redactor;
using testing_support::leaked_secret;
using testing_support::secret_corpus;

// Pieces a log line is made of around a secret.
const std::vector<std::string>& separators() {
  static const std::vector<std::string> pieces = {" ",
                                                  "\n",
                                                  "\r\n",
                                                  "=",
                                                  ": ",
                                                  "\"",
                                                  "'",
                                                  ",",
                                                  "&",
                                                  "?",
                                                  "@",
                                                  "/",
                                                  "[REDACTED]",
                                                  "\t",
                                                  "password=",
                                                  "token ",
                                                  "Authorization: Bearer ",
                                                  "https://",
                                                  "-----BEGIN "};
  return pieces;
}

class MixGenerator {
 public:
  explicit MixGenerator(unsigned seed) : random_(seed) {}

  std::string mix() {
    std::string text;
    std::size_t parts = pick(1, 8);
    for (std::size_t i = 0; i < parts; ++i) {
      text += piece();
    }
    return text;
  }

  // Whole corpus lines (secrets and look-alikes) joined by newlines.
  std::string whole_lines() {
    std::string text;
    std::size_t lines = pick(1, 6);
    for (std::size_t i = 0; i < lines; ++i) {
      text += (i > 0 ? "\n" : "") + corpus_line();
    }
    return text;
  }

 private:
  std::size_t pick(std::size_t low, std::size_t high) {
    return std::uniform_int_distribution<std::size_t>(low, high)(random_);
  }
  std::string corpus_line() {
    const auto& corpus = secret_corpus();
    std::size_t index = pick(0, corpus.secrets.size() + corpus.not_secrets.size() - 1);
    return index < corpus.secrets.size() ? corpus.secrets[index].line
                                         : corpus.not_secrets[index - corpus.secrets.size()];
  }
  std::string piece() {
    const auto& corpus = secret_corpus();
    switch (pick(0, 4)) {
      case 0:
        return corpus_line();
      case 1: {
        // A secret cut short, or its tail: what a truncated log line leaves.
        const auto& secret = corpus.secrets[pick(0, corpus.secrets.size() - 1)].secret;
        std::size_t cut = pick(0, secret.size());
        return pick(0, 1) == 0 ? secret.substr(0, cut) : secret.substr(cut);
      }
      case 2:
        return corpus.secrets[pick(0, corpus.secrets.size() - 1)].secret;
      case 3:
        return separators()[pick(0, separators().size() - 1)];
      default:
        return std::string(pick(1, 12), static_cast<char>(pick('0', 'z')));
    }
  }

  std::mt19937 random_;
};

TEST(SecretRedactorIdempotence, EveryCorpusLineIsStableAfterOnePass) {
  ASSERT_FALSE(secret_corpus().secrets.empty());
  for (const auto& sample : secret_corpus().secrets) {
    std::string once = builtin_redactor().redact(sample.line);
    EXPECT_EQ(builtin_redactor().redact(once), once) << sample.shape;
  }
  for (const auto& line : secret_corpus().not_secrets) {
    std::string once = builtin_redactor().redact(line);
    EXPECT_EQ(builtin_redactor().redact(once), once) << line;
  }
}

TEST(SecretRedactorIdempotence, RandomMixesAreStableAfterOnePass) {
  for (unsigned seed = 1; seed <= 3000; ++seed) {
    MixGenerator generator(seed);
    std::string text = generator.mix();
    std::string once = builtin_redactor().redact(text);
    ASSERT_EQ(builtin_redactor().redact(once), once) << "seed " << seed << ", input:\n" << text;
  }
}

TEST(SecretRedactorIdempotence, WholeLinesMixedLeakNothingAndAreStable) {
  for (unsigned seed = 1; seed <= 1000; ++seed) {
    MixGenerator generator(seed);
    std::string text = generator.whole_lines();
    std::string once = builtin_redactor().redact(text);
    ASSERT_EQ(leaked_secret(once), "") << "seed " << seed << ", input:\n" << text;
    ASSERT_EQ(builtin_redactor().redact(once), once) << "seed " << seed << ", input:\n" << text;
  }
}

}  // namespace
}  // namespace kexit::knowledge
