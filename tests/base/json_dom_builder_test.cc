#include "base/json_dom_builder.h"

#include <gtest/gtest.h>

#include <string>

#include "base/nesting_limits.h"

namespace kexit {
namespace {

using nlohmann::json;

json build(const std::string& text, JsonDomBuilder& builder) {
  EXPECT_TRUE(json::sax_parse(text, &builder));
  return builder.take();
}

TEST(JsonDomBuilder, BuildsWhatJsonParseBuilds) {
  std::string text = R"({"a": [1, -2, 3.5, "x", null, true, {}], "b": {"c": {"d": []}},
                        "a2": 18446744073709551615, "b": 2})";
  JsonDomBuilder builder;
  EXPECT_EQ(build(text, builder), json::parse(text));
}

TEST(JsonDomBuilder, StopsPastTheDepthLimit) {
  std::string at_limit = std::string(kMaxNestingDepth, '[') + std::string(kMaxNestingDepth, ']');
  JsonDomBuilder accepted;
  build(at_limit, accepted);
  EXPECT_FALSE(accepted.stop().has_value());

  std::string deep = std::string(200000, '[') + std::string(200000, ']');
  JsonDomBuilder refused;
  EXPECT_FALSE(json::sax_parse(deep, &refused));
  ASSERT_TRUE(refused.stop().has_value());
  EXPECT_TRUE(refused.stop()->too_deep);
}

TEST(JsonDomBuilder, RecordsSyntaxErrors) {
  JsonDomBuilder builder;
  EXPECT_FALSE(json::sax_parse(std::string("{\"a\": }"), &builder));
  ASSERT_TRUE(builder.stop().has_value());
  EXPECT_FALSE(builder.stop()->too_deep);
  EXPECT_EQ(builder.stop()->byte, 7u);
}

TEST(JsonDomBuilder, FindsWhereTheDepthWasPassedOutsideStrings) {
  EXPECT_EQ(offset_past_depth(R"({"[[[": [[[1]]]})", 3), 10u);
  std::string within = R"({"\"[[": [1]})";
  EXPECT_EQ(offset_past_depth(within, 2), within.size());
}

}  // namespace
}  // namespace kexit
