#include "kube/base64.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

TEST(Base64, RoundTripsEveryPaddingLength) {
  for (std::string text : {"", "a", "ab", "abc", "abcd", "alice:s3cr3t"}) {
    auto decoded = base64_decode(base64_encode(text));
    ASSERT_TRUE(decoded) << text;
    EXPECT_EQ(*decoded, text);
  }
  EXPECT_EQ(base64_encode("alice:s3cr3t"), "YWxpY2U6czNjcjN0");
}

TEST(Base64, SkipsLineBreaksAndAcceptsMissingPadding) {
  EXPECT_EQ(base64_decode("YW\nJj\r\n"), "abc");
  EXPECT_EQ(base64_decode("YQ"), "a");
}

TEST(Base64, RejectsNonBase64) {
  EXPECT_FALSE(base64_decode("not base64!"));
  EXPECT_FALSE(base64_decode("YQ==YQ"));
  EXPECT_FALSE(base64_decode("Y"));
}

}  // namespace
}  // namespace kexit::kube
