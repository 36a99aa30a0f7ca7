#include "knowledge/builtin_knowledge.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "knowledge/knowledge_loader.h"
#include "knowledge/secret_literals.h"

namespace kexit::knowledge {
namespace {

// The image the build wrote and the embedded YAML (what `kb lint` and `kb test` read) must
// give the same model: one type, whichever way it was loaded.
TEST(BuiltinKnowledge, ImageGivesTheModelTheYamlGives) {
  LoadResult yaml = load_knowledge_files(embedded_files());
  ASSERT_TRUE(yaml.errors.empty()) << yaml.errors.front().to_string();
  auto image = builtin_knowledge_set();
  ASSERT_TRUE(image.ok()) << image.error().to_string();
  ASSERT_EQ(image->rules.size(), yaml.set.rules.size());
  for (std::size_t i = 0; i < yaml.set.rules.size(); ++i) {
    EXPECT_TRUE(image->rules[i] == yaml.set.rules[i]) << yaml.set.rules[i].where;
  }
  EXPECT_TRUE(image->cases.empty());
  yaml.set.cases.clear();
  // The build derives the secret shapes' literals from their patterns before writing the image.
  derive_required_literals(yaml.set.secrets);
  EXPECT_TRUE(*image == yaml.set);
}

TEST(BuiltinKnowledge, CountsAreThoseOfTheYaml) {
  LoadResult yaml = load_knowledge_files(embedded_files());
  const BuiltinKnowledgeCounts counts = builtin_knowledge_counts();
  EXPECT_EQ(counts.rules, yaml.set.rules.size());
  EXPECT_EQ(counts.causes, yaml.set.causes.size());
  EXPECT_GT(counts.rules, 0u);
}

// A user's directory is still read as YAML, on top of the image.
TEST(BuiltinKnowledge, AddsAnOverlayDirectoryReadFromYaml) {
  const std::string directory = ::testing::TempDir() + "builtin_knowledge_overlay";
  std::filesystem::create_directories(directory);
  std::ofstream(directory + "/extra.yaml") << "meanings:\n"
                                              "- code: 4242\n"
                                              "  origin: exit-code\n"
                                              "  source: our-tool\n"
                                              "  summary: the overlay's meaning\n"
                                              "  tell_apart: only our tool exits 4242\n";
  std::vector<Error> errors;
  auto knowledge = load_compiled_knowledge({directory}, errors);
  ASSERT_TRUE(knowledge.ok()) << knowledge.error().to_string();
  const auto& meanings = knowledge->get()->set().meanings;
  ASSERT_EQ(meanings.size(), builtin_knowledge_set()->meanings.size() + 1);
  EXPECT_EQ(meanings.back().summary, "the overlay's meaning");
  EXPECT_EQ(meanings.back().where, directory + "/extra.yaml:2");
}

}  // namespace
}  // namespace kexit::knowledge
