#include "kubesim/field_selector.h"

#include <gtest/gtest.h>

namespace kexit::kubesim {
namespace {

TEST(FieldSelector, MatchesEqualityAndInequality) {
  StringPairs fields = {{"metadata.name", "p"}, {"status.phase", "Failed"}};
  sort_pairs(fields);
  auto selector = FieldSelector::parse("status.phase!=Running,metadata.name==p");
  ASSERT_TRUE(selector.ok());
  EXPECT_TRUE(selector->matches(fields));
  auto other = FieldSelector::parse("status.phase=Running");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->matches(fields));
}

TEST(FieldSelector, MissingFieldsAreEmpty) {
  auto selector = FieldSelector::parse("spec.nodeName=");
  ASSERT_TRUE(selector.ok());
  EXPECT_TRUE(selector->matches({}));
}

TEST(FieldSelector, UnescapesValues) {
  auto selector = FieldSelector::parse(R"(involvedObject.name=a\,b\=c)");
  ASSERT_TRUE(selector.ok());
  ASSERT_EQ(selector->requirements().size(), 1u);
  EXPECT_EQ(selector->requirements()[0].value, "a,b=c");
  EXPECT_EQ(selector->exact_value("involvedObject.name"), "a,b=c");
}

TEST(FieldSelector, RejectsTermsWithoutOperator) {
  auto selector = FieldSelector::parse("metadata.name");
  ASSERT_FALSE(selector.ok());
  EXPECT_EQ(selector.error().message,
            "invalid selector: 'metadata.name'; can't understand 'metadata.name'");
}

}  // namespace
}  // namespace kexit::kubesim
