#include "diagnose/log_tail.h"

#include <gtest/gtest.h>

#include "test_knowledge.h"

namespace kexit::diagnose {
namespace {

class LogTailTest : public testing::Test {
 protected:
  std::vector<Evidence> tail_of(std::string_view text, const LogTailLimits& limits) {
    LogScan scan(*knowledge_, text);
    return log_tail(scan, knowledge_->redactor(), limits);
  }
  std::shared_ptr<const knowledge::CompiledKnowledge> knowledge_ = test_knowledge();
};

TEST_F(LogTailTest, EmptyLogHasNoTail) {
  EXPECT_TRUE(tail_of("", {}).empty());
  EXPECT_TRUE(tail_of("\n  \n\n", {}).empty());
}

TEST_F(LogTailTest, SkipsTrailingBlankLinesAndKeepsInnerOnes) {
  auto tail = tail_of("a\n\nb\r\n \n\n", {});
  ASSERT_EQ(tail.size(), 3u);
  EXPECT_EQ(tail[0].text, "a");
  EXPECT_EQ(tail[1].text, "");
  EXPECT_EQ(tail[2].text, "b");
  EXPECT_EQ(tail[2].line, 3u);
}

TEST_F(LogTailTest, DropsWholeLinesFromTheFront) {
  auto tail = tail_of("12345\n123\n1234\n", LogTailLimits{10, 8, 400});
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].text, "123");
  EXPECT_EQ(tail[1].text, "1234");
}

TEST_F(LogTailTest, CutsALineTooLongAloneOnACharacterBoundary) {
  // Each "é" is two bytes; of 8 bytes the ellipsis takes 3, and the 5 left hold two and a half.
  auto tail = tail_of("ok\néééééé\n", LogTailLimits{10, 8, 400});
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(tail[0].line, 2u);
  EXPECT_EQ(tail[0].text, "éé\xE2\x80\xA6");
}

TEST_F(LogTailTest, CutsEachLineToTheEvidenceBound) {
  auto tail = tail_of(std::string(50, 'x') + "\n", LogTailLimits{10, 2048, 10});
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(tail[0].text, "xxxxxxx\xE2\x80\xA6");
}

}  // namespace
}  // namespace kexit::diagnose
