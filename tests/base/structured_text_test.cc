#include "base/structured_text.h"

#include <gtest/gtest.h>

namespace kexit {
namespace {

TEST(StructuredText, YamlKeepsQuotedNumbersAsStrings) {
  auto docs = parse_yaml_documents("a: \"101\"\nb: 101\nc: true\nd: ~\ne: 1.5\nf: v1\n", "x.yaml");
  ASSERT_TRUE(docs.ok());
  ASSERT_EQ(docs->size(), 1u);
  const auto& doc = docs->front();
  EXPECT_TRUE(doc["a"].is_string());
  EXPECT_EQ(doc["b"], 101);
  EXPECT_EQ(doc["c"], true);
  EXPECT_TRUE(doc["d"].is_null());
  EXPECT_DOUBLE_EQ(doc["e"].get<double>(), 1.5);
  EXPECT_EQ(doc["f"], "v1");
}

// Found by fuzz_kubeconfig: std::stod threw out_of_range on 1e999, which ended kexit with
// "internal error: stod" for any pod, kubeconfig or knowledge file holding such a number.
TEST(StructuredText, YamlNumbersBeyondADoubleStayText) {
  auto docs = parse_yaml_documents("a: 1e999\nb: -1e999\nc: 1e-999\nd: 1e308\n", "x.yaml");
  ASSERT_TRUE(docs.ok()) << docs.error().message;
  const auto& doc = docs->front();
  EXPECT_EQ(doc["a"], "1e999");
  EXPECT_EQ(doc["b"], "-1e999");
  EXPECT_DOUBLE_EQ(doc["c"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(doc["d"].get<double>(), 1e308);
  // Written back quoted, so that no reader takes it for infinity.
  EXPECT_EQ(to_yaml(nlohmann::ordered_json{{"a", "1e999"}}), "a: \"1e999\"\n");
}

TEST(StructuredText, YamlErrorNamesLineAndColumn) {
  auto docs = parse_yaml_documents("a: 1\nb: [1, 2\n", "pod.yaml");
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.error().where.rfind("pod.yaml:", 0), 0u);
  EXPECT_NE(docs.error().message.find("invalid YAML"), std::string::npos);
}

TEST(StructuredText, JsonErrorNamesLineAndColumn) {
  auto doc = parse_json("{\n  \"a\": 1,\n  \"b\": }\n", "pod.json");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().where, "pod.json:3:8");
}

TEST(StructuredText, DetectsJsonOrYaml) {
  auto json_docs = parse_json_or_yaml("  {\"kind\":\"Pod\"}", "-");
  ASSERT_TRUE(json_docs.ok());
  EXPECT_EQ((*json_docs)[0]["kind"], "Pod");
  auto yaml_docs = parse_json_or_yaml("kind: Pod\n---\nkind: Pod\n", "-");
  ASSERT_TRUE(yaml_docs.ok());
  EXPECT_EQ(yaml_docs->size(), 2u);
}

TEST(StructuredText, YamlRoundTripsThroughEmitter) {
  nlohmann::ordered_json value = {
      {"code", "101"}, {"n", 3}, {"list", {"a: b", "plain", "- x"}}, {"ok", true}};
  std::string text = to_yaml(value);
  EXPECT_EQ(text.find("code"), 0u) << "keys keep their order";
  auto back = parse_yaml_documents(text, "round");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->front(), nlohmann::json::parse(value.dump()));
}

// 200,000 levels overflowed the stack before the depth limit (nesting_limits.h).
TEST(StructuredText, DeepJsonIsAnErrorNamingWhereTheLimitWasPassed) {
  std::string nested = std::string(200000, '[') + std::string(200000, ']');
  std::string pod =
      "{\"kind\": \"Pod\",\n \"metadata\": {\"annotations\": {\"x\": " + nested + "}}}";
  auto docs = parse_json_or_yaml(pod, "pod.json");
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.error().to_string(),
            "pod.json:2:289: JSON nested deeper than 256 levels, kexit's limit (a Kubernetes "
            "object nests about 10); pass the file as kubectl wrote it");
}

TEST(StructuredText, DeepYamlIsAnErrorNamingWhereTheLimitWasPassed) {
  std::string text = "kind: Pod\nmetadata:\n  annotations:\n    x: " + std::string(200000, '[') +
                     std::string(200000, ']') + "\n";
  auto docs = parse_yaml_documents(text, "pod.yaml");
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.error().where, "pod.yaml:4:261");
}

TEST(StructuredText, YamlAliasBombIsRefused) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char level = 'b'; level <= 'j'; ++level) {
    std::string previous = std::string("*") + static_cast<char>(level - 1);
    text += std::string(1, level) + ": &" + level + " [" + previous + ", " + previous + ", " +
            previous + ", " + previous + ", " + previous + ", " + previous + ", " + previous +
            ", " + previous + ", " + previous + ", " + previous + "]\n";
  }
  auto docs = parse_json_or_yaml(text, "bomb.yaml");
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.error().message.rfind("YAML aliases expand to more than 1000000 nodes", 0), 0u);
}

}  // namespace
}  // namespace kexit
