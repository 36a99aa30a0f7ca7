#include "diagnose/expected_results.h"

#include <gtest/gtest.h>

namespace kexit::diagnose {
namespace {

TEST(ExpectedResults, ReadsTheThreeKindsOfLine) {
  auto results = parse_expected_results(
      "# header\n\nrust-a rust-panic\nheld-a * held-out\ngo-a - miss\n", "expected.txt");
  ASSERT_TRUE(results.ok()) << results.error().to_string();
  ASSERT_EQ(results->reports.size(), 3u);
  EXPECT_TRUE(results->reports.at("rust-a").passed);
  EXPECT_EQ(results->reports.at("rust-a").cause, "rust-panic");
  EXPECT_TRUE(results->reports.at("held-a").passed);
  EXPECT_EQ(results->reports.at("held-a").cause, "");
  EXPECT_FALSE(results->reports.at("go-a").passed);
}

TEST(ExpectedResults, AnEmptyFileRecordsNothing) {
  auto results = parse_expected_results("", "expected.txt");
  ASSERT_TRUE(results.ok());
  EXPECT_TRUE(results->reports.empty());
}

TEST(ExpectedResults, ErrorsNameTheLine) {
  EXPECT_EQ(parse_expected_results("a rust-panic\nb\n", "expected.txt").error().to_string(),
            "expected.txt:2: expected \"ID CAUSE\", \"ID * held-out\" or \"ID - miss\"; rescore "
            "to rewrite the file");
  EXPECT_EQ(parse_expected_results("a - hit\n", "expected.txt").error().to_string(),
            "expected.txt:1: expected \"ID CAUSE\", \"ID * held-out\" or \"ID - miss\"; rescore "
            "to rewrite the file");
  EXPECT_EQ(parse_expected_results("a x\na - miss\n", "expected.txt").error().to_string(),
            "expected.txt:2: report \"a\" is listed twice; keep one line");
}

ReportScore scored(const std::string& id, CorpusSplit split, bool right) {
  ReportScore score;
  score.id = id;
  score.split = split;
  score.ranked_causes = {"rust-panic"};
  score.top1 = right;
  return score;
}

TEST(ExpectedResults, WritesEveryReportByIdWithoutHeldOutCauses) {
  auto evaluation = aggregate_scores(
      {scored("b", CorpusSplit::kDevelopment, true), scored("a", CorpusSplit::kDevelopment, false),
       scored("c", CorpusSplit::kHeldOut, true)},
      HeldOut::kRevealed);
  const std::string text = format_expected_results(evaluation);
  EXPECT_EQ(text.substr(text.find("\na ") + 1), "a - miss\nb rust-panic\nc * held-out\n");
  EXPECT_NE(text.find("#   kexit kb eval tests/corpus/reports --write-expected "
                      "tests/corpus/expected-results.txt\n"),
            std::string::npos);
  auto reread = parse_expected_results(text, "expected.txt");
  ASSERT_TRUE(reread.ok()) << reread.error().to_string();
  EXPECT_EQ(reread->reports.size(), 3u);
  EXPECT_EQ(reread->reports.at("b").cause, "rust-panic");
}

}  // namespace
}  // namespace kexit::diagnose
