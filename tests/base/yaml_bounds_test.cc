#include "base/yaml_bounds.h"

#include <gtest/gtest.h>

#include <string>

#include "base/nesting_limits.h"

namespace kexit {
namespace {

// The "billion laughs": ten levels of anchors, each a list of nine aliases to the one before,
// about 1 KB of text that expands to 9^10 scalars.
std::string billion_laughs() {
  std::string text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char level = '1'; level <= '9'; ++level) {
    std::string previous = {'*', 'l', static_cast<char>(level - 1)};
    text.append("l").push_back(level);
    text.append(": &l").push_back(level);
    text.append(" [").append(previous);
    for (int i = 1; i < 9; ++i) {
      text.append(", ").append(previous);
    }
    text.append("]\n");
  }
  return text;
}

std::string flow_nesting(int depth) {
  return "a: " + std::string(depth, '[') + std::string(depth, ']') + "\n";
}

TEST(YamlBounds, AcceptsNestingUpToTheLimit) {
  // The mapping holding the value is a level too.
  EXPECT_TRUE(check_yaml_bounds(flow_nesting(kMaxNestingDepth - 1), "ok.yaml").ok());
}

TEST(YamlBounds, RefusesFlowNestingPastTheLimitWithItsPlace) {
  auto bounded = check_yaml_bounds(flow_nesting(200000), "deep.yaml");
  ASSERT_FALSE(bounded.ok());
  EXPECT_EQ(bounded.error().to_string(),
            "deep.yaml:1:259: YAML nested deeper than 256 levels, kexit's limit (a Kubernetes "
            "object nests about 10); pass the file as kubectl or your editor wrote it");
}

TEST(YamlBounds, RefusesBlockNestingPastTheLimit) {
  std::string text;
  for (int i = 0; i < 100000; ++i) {
    text += "- ";
  }
  text += "x\n";
  auto bounded = check_yaml_bounds(text, "block.yaml");
  ASSERT_FALSE(bounded.ok());
  EXPECT_EQ(bounded.error().where, "block.yaml:1:513");
}

TEST(YamlBounds, RefusesTheBillionLaughsAtTheAliasThatPassesTheBudget) {
  std::string text = billion_laughs();
  ASSERT_LT(text.size(), 1024u);
  auto bounded = check_yaml_bounds(text, "laughs.yaml");
  ASSERT_FALSE(bounded.ok());
  EXPECT_EQ(bounded.error().to_string(),
            "laughs.yaml:6:20: YAML aliases expand to more than 1000000 nodes and bytes, "
            "kexit's limit for this file (a \"billion laughs\"?); write the aliased values out, "
            "or pass JSON (kubectl get -o json)");
}

TEST(YamlBounds, CountsTheBudgetOverEveryDocument) {
  // Each document alone stays within the budget, all of them together do not.
  std::string document = "a: &a [" + std::string(1000, 'x') + "]\nb: [";
  for (int i = 0; i < 100; ++i) {
    document.append(i == 0 ? "*a" : ", *a");
  }
  document.append("]\n---\n");
  std::string text;
  for (int i = 0; i < 20; ++i) {
    text.append(document);
  }
  EXPECT_TRUE(check_yaml_bounds(document, "one.yaml").ok());
  EXPECT_FALSE(check_yaml_bounds(text, "many.yaml").ok());
}

TEST(YamlBounds, AcceptsModestAliasing) {
  std::string text =
      "env: &env [{name: A, value: '1'}, {name: B, value: '2'}]\n"
      "first: {env: *env}\nsecond: {env: *env}\n";
  EXPECT_TRUE(check_yaml_bounds(text, "anchors.yaml").ok());
}

TEST(YamlBounds, RefusesAnAliasInsideItsOwnAnchor) {
  auto bounded = check_yaml_bounds("a: &self {b: *self}\n", "cycle.yaml");
  ASSERT_FALSE(bounded.ok());
  EXPECT_EQ(bounded.error().to_string(),
            "cycle.yaml:1:14: YAML alias *self is inside the node its anchor names; remove the "
            "alias");
}

TEST(YamlBounds, RefusesAliasesThatStackNestingPastTheLimit) {
  // Each anchor nests 150 levels and ends in an alias of the one before: 301 levels at the
  // first alias, inside the mapping.
  std::string text;
  for (char i = '0'; i < '3'; ++i) {
    std::string inner =
        i == '0' ? std::string("x") : std::string{'*', 'd', static_cast<char>(i - 1)};
    text.append("d").push_back(i);
    text.append(": &d").push_back(i);
    text.append(" ").append(150, '[').append(inner).append(150, ']').append("\n");
  }
  auto bounded = check_yaml_bounds(text, "stacked.yaml");
  ASSERT_FALSE(bounded.ok());
  EXPECT_EQ(bounded.error().message,
            "YAML alias *d0 expands to nesting deeper than 256 levels, kexit's limit; write the "
            "aliased value out");
}

// Found by fuzz/kubeconfig_fuzz.cc: yaml-cpp 0.7 reported an empty document before a leading
// ',' for ever, so a one-byte kubeconfig, pod or knowledge file hung kexit.
TEST(YamlBounds, RefusesADocumentStartingWithACommaInsteadOfLoopingForEver) {
  const std::string expected =
      "YAML that kexit's parser cannot read past: a document cannot start with ',' here; "
      "remove the ',' or quote the value";
  for (const char* text : {",", "# c\n  ,", "--- ,", "a: b\n---\n, c", "&a ,"}) {
    auto bounded = check_yaml_bounds(text, "f.yaml");
    ASSERT_FALSE(bounded.ok()) << text;
    EXPECT_EQ(bounded.error().message, expected) << text;
  }
  EXPECT_EQ(check_yaml_bounds(",", "f.yaml").error().to_string(), "f.yaml:1:1: " + expected);
  EXPECT_TRUE(check_yaml_bounds("a: [b, c]\nd: ,\n", "f.yaml").ok());
}

TEST(YamlBounds, LeavesSyntaxErrorsToTheLoader) {
  EXPECT_TRUE(check_yaml_bounds("a: [1, 2\n", "broken.yaml").ok());
}

}  // namespace
}  // namespace kexit
