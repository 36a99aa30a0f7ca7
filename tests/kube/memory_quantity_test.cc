#include "kube/memory_quantity.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

TEST(MemoryQuantity, ReadsEveryFormKubernetesWrites) {
  EXPECT_EQ(parse_memory_quantity("2Gi"), 2LL << 30);
  EXPECT_EQ(parse_memory_quantity("512Mi"), 512LL << 20);
  EXPECT_EQ(parse_memory_quantity("1.5Gi"), 3LL << 29);
  EXPECT_EQ(parse_memory_quantity("1G"), 1'000'000'000LL);
  EXPECT_EQ(parse_memory_quantity("129e6"), 129'000'000LL);
  EXPECT_EQ(parse_memory_quantity("134217728"), 134217728LL);
  EXPECT_EQ(parse_memory_quantity(""), std::nullopt);
  EXPECT_EQ(parse_memory_quantity("2GB"), std::nullopt);
  EXPECT_EQ(parse_memory_quantity("-1Gi"), std::nullopt);
}

TEST(MemoryQuantity, FormatsInBinaryUnits) {
  EXPECT_EQ(format_memory(2LL << 30), "2Gi");
  EXPECT_EQ(format_memory(512LL << 20), "512Mi");
  EXPECT_EQ(format_memory(3LL << 29), "1.5Gi");
  EXPECT_EQ(format_memory(100), "100");
}

}  // namespace
}  // namespace kexit::kube
