#include "kubesim/quantity.h"

#include <gtest/gtest.h>

namespace kexit::kubesim {
namespace {

TEST(Quantity, ReadsBinaryDecimalAndExponentSuffixes) {
  EXPECT_EQ(parse_quantity("512Mi"), 512.0L * 1024 * 1024);
  EXPECT_EQ(parse_quantity("1Gi"), 1024.0L * 1024 * 1024);
  EXPECT_EQ(parse_quantity("100m"), 0.1L);
  EXPECT_EQ(parse_quantity("2k"), 2000.0L);
  EXPECT_EQ(parse_quantity("1e3"), 1000.0L);
  EXPECT_EQ(parse_quantity("1.5"), 1.5L);
  EXPECT_EQ(parse_quantity("-1"), -1.0L);
  EXPECT_EQ(parse_quantity("+3M"), 3e6L);
}

TEST(Quantity, RejectsWhatParseQuantityRejects) {
  for (const char* text : {"12x", "", "Mi", "1.2.3", "1Mb", "1e", "1e+", "abc", "1 Gi"}) {
    EXPECT_EQ(parse_quantity(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace kexit::kubesim
