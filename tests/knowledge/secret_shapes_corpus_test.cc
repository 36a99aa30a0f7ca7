// The corpus of secret shapes through the built-in redactor: each secret becomes exactly the
// line the corpus names, each look-alike stays as is, and every shape of knowledge/secrets.yaml
// has a sample. The other output paths (tests/cli, tests/agent) read the same corpus.

#include <gtest/gtest.h>

#include <set>

#include "knowledge/builtin_knowledge.h"
#include "knowledge/compiled_knowledge.h"
#include "testing/builtin_redactor.h"
#include "testing/secret_corpus.h"

namespace kexit::knowledge {
namespace {

using testing_support::secret_corpus;

const CompiledKnowledge& builtin() { return testing_support::loaded_builtin_knowledge(); }

TEST(SecretShapesCorpus, EverySecretIsRedactedToTheExpectedLine) {
  ASSERT_GE(secret_corpus().secrets.size(), 70u);
  for (const auto& sample : secret_corpus().secrets) {
    SCOPED_TRACE(sample.shape);
    std::string redacted = builtin().redactor().redact(sample.line);
    EXPECT_EQ(redacted, sample.redacted);
    EXPECT_EQ(redacted.find(sample.secret), std::string::npos);
  }
}

TEST(SecretShapesCorpus, NoLookAlikeIsChanged) {
  ASSERT_GE(secret_corpus().not_secrets.size(), 30u);
  for (const auto& line : secret_corpus().not_secrets) {
    EXPECT_EQ(builtin().redactor().redact(line), line);
  }
}

TEST(SecretShapesCorpus, EveryShapeOfTheKnowledgeBaseHasASample) {
  std::set<std::string> sampled;
  for (const auto& sample : secret_corpus().secrets) {
    sampled.insert(sample.shape);
  }
  std::set<std::string> shapes;
  for (const auto& shape : builtin().set().secrets) {
    shapes.insert(shape.id);
    EXPECT_TRUE(sampled.count(shape.id)) << shape.id << " has no sample in the corpus";
  }
  for (const auto& shape : sampled) {
    EXPECT_TRUE(shapes.count(shape)) << "the corpus names no shape " << shape;
  }
}

}  // namespace
}  // namespace kexit::knowledge
