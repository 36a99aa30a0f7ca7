#include "base/utf8_text.h"

#include <gtest/gtest.h>

namespace kexit {
namespace {

TEST(Utf8Text, PrintableReplacesControlsAndBytesThatAreNotUtf8) {
  EXPECT_EQ(printable("plain \xC3\xA9t\xC3\xA9\tok"), "plain \xC3\xA9t\xC3\xA9\tok");
  // An escape sequence, NUL, DEL, a C1 CSI, a lone continuation byte, an overlong '/', a
  // surrogate and a cut 3-byte sequence: each becomes one U+FFFD per bad byte or character.
  EXPECT_EQ(printable(std::string("\x1b[31mred\0\x7f\xC2\x9b\x80\xC0\xAF\xED\xA0\x80\xE2\x82", 20)),
            "\xEF\xBF\xBD[31mred\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(printable("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");
}

TEST(Utf8Text, RepairKeepsControlsAndValidText) {
  EXPECT_TRUE(is_utf8("caf\xC3\xA9 \x1b[0m"));
  EXPECT_FALSE(is_utf8("caf\xE9"));
  EXPECT_EQ(repair_utf8("caf\xE9 \x1b[0m"), "caf\xEF\xBF\xBD \x1b[0m");
}

// is_utf8 skips ASCII eight bytes at a time: a bad or multi-byte sequence must be found at every
// offset around a word boundary, including one cut by the end of the text.
TEST(Utf8Text, IsUtf8FindsSequencesAtEveryOffsetAroundTheAsciiWords) {
  for (std::size_t prefix = 0; prefix <= 17; ++prefix) {
    const std::string ascii(prefix, 'a');
    SCOPED_TRACE("ASCII prefix of " + std::to_string(prefix) + " bytes");
    EXPECT_TRUE(is_utf8(ascii));
    EXPECT_TRUE(is_utf8(ascii + "\xC3\xA9" + ascii));
    EXPECT_TRUE(is_utf8(ascii + "\xF0\x9F\x98\x80"));
    EXPECT_FALSE(is_utf8(ascii + "\xE9" + ascii));
    EXPECT_FALSE(is_utf8(ascii + "\xF0\x9F\x98"));
    EXPECT_FALSE(is_utf8(ascii + "\xC3\xA9" + ascii + "\x80"));
  }
}

}  // namespace
}  // namespace kexit
