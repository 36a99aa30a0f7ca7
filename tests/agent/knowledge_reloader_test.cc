#include "agent/knowledge_reloader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace kexit::agent {
namespace {

namespace fs = std::filesystem;

class KnowledgeReloaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        fs::temp_directory_path() /
        ("kexit-reloader-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(directory_ / name) << text;
  }

  fs::path directory_;
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

}  // namespace
}  // namespace kexit::agent
