#include "base/text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "base/utf8_text.h"

namespace kexit {
namespace {

TEST(Text, TrimAndSplit) {
  EXPECT_EQ(trim("  a b \n"), "a b");
  auto parts = split("a,,b", ',');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1], "");
}

TEST(Text, TruncateUtf8NeverSplitsACharacter) {
  std::string text = "h\xC3\xA9llo world";  // "héllo world"
  std::string cut = truncate_utf8(text, 5);
  EXPECT_EQ(cut, "h\xE2\x80\xA6");
  EXPECT_EQ(truncate_utf8("short", 10), "short");
}

TEST(Text, TruncateUtf8BelowTheEllipsisCutsWithoutIt) {
  EXPECT_EQ(truncate_utf8("abcdef", 2), "ab");
  EXPECT_EQ(truncate_utf8("\xC3\xA9\xC3\xA9", 1), "");
  EXPECT_EQ(truncate_utf8("abcdef", 0), "");
  EXPECT_EQ(truncate_utf8("abcdef", 3), "\xE2\x80\xA6");
}

// Property over seeded random UTF-8 (1- to 4-byte characters) and every limit from 0 up: the
// result fits, is valid UTF-8, and is the text itself or a prefix of whole characters plus
// the ellipsis.
TEST(Text, TruncateUtf8FitsAndCutsOnACharacterBoundaryForAnyLimit) {
  static constexpr const char* kCharacters[] = {"a", "\xC3\xA9", "\xE2\x82\xAC",
                                                "\xF0\x9F\x92\xA5"};
  static constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  std::mt19937 random(15);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    std::vector<std::size_t> boundaries = {0};
    for (int i = std::uniform_int_distribution<int>(0, 40)(random); i > 0; --i) {
      text += kCharacters[std::uniform_int_distribution<int>(0, 3)(random)];
      boundaries.push_back(text.size());
    }
    for (std::size_t limit = 0; limit <= text.size() + 1; ++limit) {
      std::string cut = truncate_utf8(text, limit);
      ASSERT_LE(cut.size(), limit) << text << " " << limit;
      ASSERT_TRUE(is_utf8(cut)) << text << " " << limit;
      if (cut == text) {
        continue;
      }
      std::string_view kept = cut;
      if (limit >= kEllipsis.size()) {
        ASSERT_TRUE(kept.size() >= kEllipsis.size() &&
                    kept.substr(kept.size() - kEllipsis.size()) == kEllipsis);
        kept.remove_suffix(kEllipsis.size());
      }
      ASSERT_EQ(text.compare(0, kept.size(), kept), 0);
      ASSERT_NE(std::find(boundaries.begin(), boundaries.end(), kept.size()), boundaries.end());
      // The longest prefix of whole characters that fits: one more character would not.
      auto next = std::upper_bound(boundaries.begin(), boundaries.end(), kept.size());
      ASSERT_TRUE(next == boundaries.end() ||
                  *next + (limit >= kEllipsis.size() ? kEllipsis.size() : 0) > limit);
    }
  }
}

TEST(Text, ParseIntRejectsPartialNumbers) {
  long long value = 0;
  EXPECT_TRUE(parse_int("101", value));
  EXPECT_EQ(value, 101);
  EXPECT_TRUE(parse_int("-3", value));
  EXPECT_FALSE(parse_int("abc", value));
  EXPECT_FALSE(parse_int("12x", value));
  EXPECT_FALSE(parse_int("", value));
}

}  // namespace
}  // namespace kexit
