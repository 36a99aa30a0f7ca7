#include "diagnose/corpus_split.h"

#include <gtest/gtest.h>

namespace kexit::diagnose {
namespace {

// The values python3 tests/corpus/split.py prints, and FNV-1a's published test vectors.
TEST(CorpusSplit, Fnv1aMatchesKnownValues) {
  EXPECT_EQ(fnv1a32(""), 2166136261u);
  EXPECT_EQ(fnv1a32("a"), 3826002220u);
  EXPECT_EQ(fnv1a32("foobar"), 3214735720u);
  EXPECT_EQ(fnv1a32("a.yaml"), 1835102437u);
}

TEST(CorpusSplit, AgreesWithSplitPy) {
  EXPECT_EQ(split_of("a.yaml"), CorpusSplit::kDevelopment);
  EXPECT_EQ(split_of("synthetic-held.yaml"), CorpusSplit::kHeldOut);
  EXPECT_EQ(split_of("synthetic-moved-oom.yaml"), CorpusSplit::kHeldOut);
  EXPECT_EQ(split_of("synthetic-held-out-b.yaml"), CorpusSplit::kDevelopment);
  EXPECT_EQ(split_of("cargo-rustc-killed-oom-compiling-http-crate.yaml"),
            CorpusSplit::kDevelopment);
}

TEST(CorpusSplit, UsesOnlyTheBaseName) {
  EXPECT_EQ(split_of("tests/corpus/reports/synthetic-held.yaml"), CorpusSplit::kHeldOut);
  EXPECT_EQ(split_of("x/a.yaml"), CorpusSplit::kDevelopment);
}

TEST(CorpusSplit, ParsesOnlyTheTwoNames) {
  CorpusSplit split = CorpusSplit::kDevelopment;
  EXPECT_TRUE(parse_corpus_split("held-out", split));
  EXPECT_EQ(split, CorpusSplit::kHeldOut);
  EXPECT_EQ(std::string(to_string(split)), "held-out");
  EXPECT_FALSE(parse_corpus_split("heldout", split));
  EXPECT_FALSE(parse_corpus_split("dev", split));
}

}  // namespace
}  // namespace kexit::diagnose
