#include "agent/knowledge_reloader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "testing/temp_directory.h"

namespace kexit::agent {
namespace {

namespace fs = std::filesystem;

class KnowledgeReloaderTest : public ::testing::Test {
 protected:
  void write(const std::string& name, const std::string& text) {
    std::ofstream(directory_ / name) << text;
  }

  testing_support::TempDirectory temp_;
  fs::path directory_{temp_.path()};
};

TEST_F(KnowledgeReloaderTest, KeepsTheLastGoodKnowledgeWhenAFileBreaks) {
  KnowledgeReloader reloader({directory_.string()});
  std::vector<Error> errors;
  ASSERT_TRUE(reloader.load(errors).ok()) << (errors.empty() ? "" : errors[0].to_string());
  auto first = reloader.engine();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(reloader.poll().kind, ReloadOutcome::Kind::kUnchanged);

  write("broken.yaml", "rules: [ {id: x, cause: not-a-cause, title: t, weight: 2");
  auto outcome = reloader.poll();
  EXPECT_EQ(outcome.kind, ReloadOutcome::Kind::kFailed);
  EXPECT_FALSE(outcome.errors.empty());
  EXPECT_EQ(reloader.engine(), first);
  // Reported once, not on every poll.
  EXPECT_EQ(reloader.poll().kind, ReloadOutcome::Kind::kUnchanged);

  fs::remove(directory_ / "broken.yaml");
  EXPECT_EQ(reloader.poll().kind, ReloadOutcome::Kind::kReloaded);
  EXPECT_NE(reloader.engine(), first);
}

TEST_F(KnowledgeReloaderTest, FingerprintFollowsSymlinkedConfigMapFiles) {
  fs::create_directories(directory_ / "..2024_01_01");
  std::ofstream(directory_ / "..2024_01_01" / "extra.yaml") << "rules: []\n";
  fs::create_directory_symlink("..2024_01_01", directory_ / "..data");
  fs::create_symlink("..data/extra.yaml", directory_ / "extra.yaml");
  KnowledgeReloader reloader({directory_.string()});
  std::string before = reloader.fingerprint();
  std::ofstream(directory_ / "..2024_01_01" / "extra.yaml") << "rules: []\n# changed\n";
  EXPECT_NE(reloader.fingerprint(), before);
}

// The kubelet's layout of a ConfigMap volume: the files in a timestamped directory, "..data"
// pointing at it, and one top-level link per key.
TEST_F(KnowledgeReloaderTest, LoadsEachConfigMapKeyOnce) {
  fs::create_directories(directory_ / "..2024_01_01_00_00_00.1");
  std::ofstream(directory_ / "..2024_01_01_00_00_00.1" / "local.yaml")
      << "rules:\n  - id: local.exit-77\n    cause: application-exit-code\n    title: exit 77\n"
         "    weight: 0.9\n    when:\n      exit_code: [77]\n    explanation: ours\n"
         "    suggestions: [check]\n    references: [https://example.com/runbook]\n";
  fs::create_directory_symlink("..2024_01_01_00_00_00.1", directory_ / "..data");
  fs::create_symlink("..data/local.yaml", directory_ / "local.yaml");
  KnowledgeReloader reloader({directory_.string()});
  std::vector<Error> errors;
  ASSERT_TRUE(reloader.load(errors).ok());
  EXPECT_TRUE(errors.empty()) << errors.front().to_string();
}

TEST_F(KnowledgeReloaderTest, StartsOnTheBuiltInKnowledgeWhenExtraFilesAreBroken) {
  write("broken.yaml", "rules: [ {id: x, cause: not-a-cause, title: t, weight: 2");
  KnowledgeReloader reloader({directory_.string()});
  std::vector<Error> errors;
  ASSERT_TRUE(reloader.load(errors).ok());
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.front().to_string().find("broken.yaml"), std::string::npos)
      << errors.front().to_string();
  EXPECT_NE(reloader.engine(), nullptr);
  // Reported once; fixing the file loads it.
  EXPECT_EQ(reloader.poll().kind, ReloadOutcome::Kind::kUnchanged);
  write("broken.yaml", "rules: []\n");
  EXPECT_EQ(reloader.poll().kind, ReloadOutcome::Kind::kReloaded);
}

}  // namespace
}  // namespace kexit::agent
