#include "kubesim/label_selector.h"

#include <gtest/gtest.h>

namespace kexit::kubesim {
namespace {

StringPairs labels(StringPairs pairs) {
  sort_pairs(pairs);
  return pairs;
}

bool matches(const std::string& selector, const StringPairs& pairs) {
  auto parsed = LabelSelector::parse(selector);
  EXPECT_TRUE(parsed.ok()) << selector << ": " << parsed.error().message;
  return parsed.ok() && parsed->matches(labels(pairs));
}

TEST(LabelSelector, EmptyMatchesEverything) {
  EXPECT_TRUE(matches("", {}));
  EXPECT_TRUE(matches("  ", {{"a", "b"}}));
}

TEST(LabelSelector, EqualityOperators) {
  StringPairs driver = {{"spark-role", "driver"}, {"app", "pi"}};
  EXPECT_TRUE(matches("spark-role=driver", driver));
  EXPECT_TRUE(matches("spark-role==driver", driver));
  EXPECT_FALSE(matches("spark-role!=driver", driver));
  EXPECT_TRUE(matches("spark-role!=executor", driver));
  EXPECT_TRUE(matches("missing!=x", driver));
  EXPECT_TRUE(matches("spark-role=driver,app=pi", driver));
  EXPECT_FALSE(matches("spark-role=driver,app=other", driver));
}

TEST(LabelSelector, SetOperators) {
  StringPairs pod = {{"tier", "web"}};
  EXPECT_TRUE(matches("tier in (web, db)", pod));
  EXPECT_FALSE(matches("tier in (db)", pod));
  EXPECT_TRUE(matches("tier notin (db,cache)", pod));
  EXPECT_FALSE(matches("tier notin (web)", pod));
  EXPECT_TRUE(matches("other notin (web)", pod));
}

TEST(LabelSelector, ExistenceOperators) {
  StringPairs pod = {{"kexit.io/watch", ""}};
  EXPECT_TRUE(matches("kexit.io/watch", pod));
  EXPECT_FALSE(matches("!kexit.io/watch", pod));
  EXPECT_TRUE(matches("!absent", pod));
  EXPECT_FALSE(matches("absent", pod));
  EXPECT_TRUE(matches("kexit.io/watch=", pod));
}

TEST(LabelSelector, NumericComparisons) {
  EXPECT_TRUE(matches("replicas>2", {{"replicas", "3"}}));
  EXPECT_FALSE(matches("replicas<2", {{"replicas", "3"}}));
}

TEST(LabelSelector, RejectsMalformedSelectors) {
  auto parsed = LabelSelector::parse("tier in web");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message,
            "unable to parse requirement: found 'web', expected: '(' in label selector \"tier in "
            "web\"");
  EXPECT_FALSE(LabelSelector::parse("a=b,,c").ok());
  EXPECT_FALSE(LabelSelector::parse("=b").ok());
}

}  // namespace
}  // namespace kexit::kubesim
