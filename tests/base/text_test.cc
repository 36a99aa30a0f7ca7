#include "base/text.h"

#include <gtest/gtest.h>

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

// Found writing the property of fuzz/event_note_fuzz.cc: a limit below the ellipsis' 3 bytes
// gave back the 3-byte ellipsis, over the limit.
TEST(Text, TruncateUtf8KeepsLimitsSmallerThanTheEllipsis) {
  EXPECT_EQ(truncate_utf8("hello", 0), "");
  EXPECT_EQ(truncate_utf8("hello", 1), "h");
  EXPECT_EQ(truncate_utf8("hello", 2), "he");
  EXPECT_EQ(truncate_utf8("hello", 3), "\xE2\x80\xA6");
  EXPECT_EQ(truncate_utf8("\xC3\xA9t\xC3\xA9", 1), "");  // "été": 'é' is 2 bytes
  EXPECT_EQ(truncate_utf8("\xC3\xA9t\xC3\xA9", 2), "\xC3\xA9");
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
