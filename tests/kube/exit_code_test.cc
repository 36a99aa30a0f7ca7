#include "kube/exit_code.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

TEST(ExitCode, ReadsDecimalWithItsSign) {
  EXPECT_EQ(read_exit_code("101"), 101);
  EXPECT_EQ(read_exit_code(" 137 "), 137);
  EXPECT_EQ(read_exit_code("-1"), -1);
  EXPECT_EQ(read_exit_code("-101"), -101);
  EXPECT_EQ(read_exit_code("+3"), 3);
}

TEST(ExitCode, FoldsTheThreeFormsOfAWindowsStatusToTheApiServersSignedForm) {
  EXPECT_EQ(read_exit_code("-1073741819"), -1073741819);
  EXPECT_EQ(read_exit_code("3221225477"), -1073741819);
  EXPECT_EQ(read_exit_code("0xC0000005"), -1073741819);
  EXPECT_EQ(read_exit_code("0xc000013a"), -1073741510);
  EXPECT_EQ(read_exit_code("3221225786"), -1073741510);
  EXPECT_EQ(read_exit_code("0x40010004"), 1073807364);
  EXPECT_EQ(fold_exit_code(3762504530LL), -532462766);
  EXPECT_EQ(fold_exit_code(255), 255);
}

TEST(ExitCode, RefusesWhatIsNoThirtyTwoBitNumber) {
  EXPECT_EQ(read_exit_code(""), std::nullopt);
  EXPECT_EQ(read_exit_code("abc"), std::nullopt);
  EXPECT_EQ(read_exit_code("0x"), std::nullopt);
  EXPECT_EQ(read_exit_code("0x1FFFFFFFF"), std::nullopt);
  EXPECT_EQ(read_exit_code("4294967296"), std::nullopt);
  EXPECT_EQ(read_exit_code("-2147483649"), std::nullopt);
  EXPECT_EQ(read_exit_code("12 34"), std::nullopt);
}

TEST(ExitCode, NamesWindowsStatusesInHexOnly) {
  EXPECT_EQ(windows_status_hex(-1073741819), "0xC0000005");
  EXPECT_EQ(windows_status_hex(-532462766), "0xE0434352");
  EXPECT_EQ(windows_status_hex(1073807364), "0x40010004");
  EXPECT_EQ(windows_status_hex(-1), "");
  EXPECT_EQ(windows_status_hex(-101), "");
  EXPECT_EQ(windows_status_hex(137), "");
}

}  // namespace
}  // namespace kexit::kube
