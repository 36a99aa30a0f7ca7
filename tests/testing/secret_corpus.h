#pragma once
// The corpus of secret shapes (tests/knowledge/secret_shapes/corpus.yaml): fake but
// format-correct secrets in the lines a log carries them, and look-alikes that must stay. Every
// output path's test reads it from here, so each proves the same corpus.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/file_reading.h"
#include "base/structured_text.h"
#include "testing/paths.h"

namespace kexit::testing_support {

struct SecretSample {
  // The knowledge/secrets.yaml shape that must catch it.
  std::string shape;
  // One log line (a PEM block: several).
  std::string line;
  // What every output shows instead of `line`.
  std::string redacted;
  // The secret itself: no output may contain it.
  std::string secret;
};

struct SecretCorpus {
  std::vector<SecretSample> secrets;
  std::vector<std::string> not_secrets;
};

inline const SecretCorpus& secret_corpus() {
  static const SecretCorpus corpus = [] {
    SecretCorpus loaded;
    std::string path = source_path("tests/knowledge/secret_shapes/corpus.yaml");
    auto text = read_file(path);
    EXPECT_TRUE(text.ok()) << path;
    auto documents = parse_yaml_documents(text.ok() ? *text : "", path);
    EXPECT_TRUE(documents.ok() && documents->size() == 1) << path;
    if (!documents.ok() || documents->empty()) {
      return loaded;
    }
    for (const auto& sample : documents->front().at("secrets")) {
      loaded.secrets.push_back(
          {sample.at("shape"), sample.at("line"), sample.at("redacted"), sample.at("secret")});
    }
    for (const auto& line : documents->front().at("not_secrets")) {
      loaded.not_secrets.push_back(line);
    }
    return loaded;
  }();
  return corpus;
}

// The first secret of the corpus that `text` contains, else empty.
inline std::string leaked_secret(const std::string& text) {
  for (const auto& sample : secret_corpus().secrets) {
    if (text.find(sample.secret) != std::string::npos) {
      return sample.secret;
    }
  }
  return {};
}

}  // namespace kexit::testing_support
